package hb

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/ssacfg"
)

// Supplied adds to eff (the effects of the goroutine sp that fn starts)
// the writes and releases of code fn supplies that the goroutine runs:
//
//   - methods of a fake: a type of this package implementing an interface
//     method the goroutine calls (eff.Invokes), whose value fn hands to a
//     call before starting the goroutine (NewPublisher(fake)), or
//     registers with the object the goroutine calls it through, before
//     or after the start (bus.Subscribe(fake), where the goroutine ranges
//     over the bus's subscribers);
//   - function literals of fn handed to a call before the start, or
//     registered with the object the goroutine loads function values
//     from (hub.Watch(func(ev Event) {...})), when the goroutine calls
//     function values (eff.Calls);
//   - function literals fn stores into an object the goroutine receives
//     (a handler field).
//
// The fake's type must be of this package, and its method must match the
// interface method's name and signature.
func (m *Model) Supplied(fn *ssa.Function, sp Spawn, eff *Effects) {
	if m == nil || fn == nil || len(fn.Blocks) == 0 {
		return
	}
	roots := make(map[ssa.Value]bool)
	for _, l := range sp.Env {
		roots[l.Root] = true
	}
	if len(eff.Invokes) == 0 && len(eff.Calls) == 0 && !storesHandler(fn, roots) {
		return
	}
	// Objects the goroutine calls code from: a call handing them code
	// registers it, whenever it happens.
	regs := make(map[ssa.Value]bool)
	for _, iv := range eff.Invokes {
		if iv.Recv.Path != "" {
			regs[iv.Recv.Root] = true
		}
	}
	for _, c := range eff.Calls {
		if c.Path != "" {
			regs[c.Root] = true
		}
	}
	seenFn := make(map[*ssa.Function]bool)
	addCode := func(g *ssa.Function, env Env, at token.Pos) {
		if g == nil || seenFn[g] {
			return
		}
		seenFn[g] = true
		for _, w := range m.CodeWrites(g, env, at) {
			if !w.Pos.IsValid() {
				w.Pos = at
			}
			eff.Writes = append(eff.Writes, w)
		}
		eff.Releases = append(eff.Releases, m.After(Thread{Fn: g, Env: env}, nil)...)
	}
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			var args []ssa.Value
			switch ins := ins.(type) {
			case ssa.CallInstruction:
				args = ins.Common().Args
				if ins.Common().IsInvoke() {
					args = append([]ssa.Value{ins.Common().Value}, args...)
				}
				if ins != sp.Instr && !ssacfg.MayFollow(ins, sp.Instr) && !registers(args, regs) {
					continue // after the spawn: not in the goroutine's hands yet
				}
			case *ssa.Store:
				// A literal stored into an object the goroutine receives
				// (a handler callback field).
				if mc, ok := ins.Val.(*ssa.MakeClosure); ok {
					if l := LocOf(ins.Addr); roots[l.Root] && l.Path != "" {
						g, env := BindClosure(mc, nil)
						addCode(g, env, mc.Pos())
					}
				}
				continue
			default:
				continue
			}
			for _, a := range args {
				if mc, ok := a.(*ssa.MakeClosure); ok && len(eff.Calls) > 0 {
					g, env := BindClosure(mc, nil)
					addCode(g, env, mc.Pos())
					continue
				}
				for _, iv := range eff.Invokes {
					if g, recv := m.fakeMethod(fn.Prog, a, iv); g != nil {
						addCode(g, Env{g.Params[0]: LocOf(recv)}, iv.Pos)
					}
				}
			}
		}
	}
}

// registers reports whether a call with args hands something to one of
// the objects regs (its receiver or an argument is rooted there).
func registers(args []ssa.Value, regs map[ssa.Value]bool) bool {
	if len(regs) == 0 {
		return false
	}
	for _, a := range args {
		if regs[LocOf(a).Root] {
			return true
		}
	}
	return false
}

// storesHandler reports whether fn stores a function literal into an
// object rooted at one of roots.
func storesHandler(fn *ssa.Function, roots map[ssa.Value]bool) bool {
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			if st, ok := ins.(*ssa.Store); ok {
				if _, ok := st.Val.(*ssa.MakeClosure); ok && roots[LocOf(st.Addr).Root] && LocOf(st.Addr).Path != "" {
					return true
				}
			}
		}
	}
	return false
}

// fakeMethod returns the method of this package that an interface call
// iv runs when the value a is the receiver: a is a value of a named type
// declared in this package (a test's fake) with a method of iv's name and
// signature. recv is the fake value.
func (m *Model) fakeMethod(prog *ssa.Program, a ssa.Value, iv Invoke) (*ssa.Function, ssa.Value) {
	for {
		switch x := a.(type) {
		case *ssa.MakeInterface:
			a = x.X
			continue
		case *ssa.ChangeType:
			a = x.X
			continue
		}
		break
	}
	t := a.Type()
	base := t
	if p, ok := t.Underlying().(*types.Pointer); ok {
		base = p.Elem()
	}
	named, ok := types.Unalias(base).(*types.Named)
	if !ok || named.Obj().Pkg() != m.pkg {
		return nil, nil // not a type of this package
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, m.pkg, iv.Method)
	meth, ok := obj.(*types.Func)
	if !ok {
		return nil, nil
	}
	if iv.Sig != nil {
		ms, _ := meth.Type().(*types.Signature)
		if ms == nil || !types.Identical(types.NewSignatureType(nil, nil, nil, ms.Params(), ms.Results(), ms.Variadic()),
			types.NewSignatureType(nil, nil, nil, iv.Sig.Params(), iv.Sig.Results(), iv.Sig.Variadic())) {
			return nil, nil // another method of that name
		}
	}
	g := prog.FuncValue(meth)
	if g == nil || len(g.Params) == 0 || len(g.Blocks) == 0 {
		return nil, nil
	}
	return g, a
}
