package lockset

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Hooks and back-pointers: code run under a lock that the call site does
// not name, resolved within the package once every summary is known.
//
//   - A func-typed struct field (s.onChange(k)) or a map of handlers in a
//     field (b.handlers[topic](msg)) called with locks held: the package's
//     stores into that field (s.onChange = s.handleChange, a composite
//     literal, b.handlers["x"] = c.onUpdate) name what runs there. The
//     call is an order edge to the pseudo class SlotClass(field), which
//     run() replaces by one edge per lock each stored function acquires
//     (at most maxSlotTargets functions, else the field is left alone:
//     a generic hook table names code that need not run there).
//   - An interface call under a lock, resolved against the package's
//     implementations registered with the package (at most maxImpls):
//     one that acquires, on every path, a lock of the held lock's class
//     through a field of its own (a back-pointer to the owner: a
//     collector that asks its registry) deadlocks the first time it runs
//     there: a DoubleLockCall event. The instance is not proven (the
//     back-pointer could name another owner), so implementations whose
//     own type owns the lock class (a child of the same type) are left
//     out, and read-read pairs too.

const (
	maxSlotTargets = 4
	maxImpls       = 8
)

// slotPrefix marks the pseudo class of a call through a func-typed field.
const slotPrefix = "slot "

// heldInvoke is an interface call made with locks held, kept until the
// implementations' summaries are known.
type heldInvoke struct {
	fn            *ssa.Function
	pos           token.Pos
	iface, method string
	recv          string     // the receiver expression as written (a direct call)
	field         *types.Var // the field the receiver comes from (a direct call), or nil for a parameter
	via           []string   // the call chain to the interface call (through callees)
	where         string     // the interface call, when through callees
	held          []heldName
}

type heldName struct {
	class, name string
	mode        Mode
	pos         token.Pos
}

// funcSlot returns the struct field a called function value was loaded
// from (s.f, or an element of the map s.m), or nil.
func funcSlot(v ssa.Value) *types.Var {
	switch x := v.(type) {
	case *ssa.Extract:
		if x.Index != 0 {
			return nil
		}
		l, ok := x.Tuple.(*ssa.Lookup)
		if !ok {
			return nil
		}
		return mapSlot(l.X)
	case *ssa.Lookup:
		return mapSlot(x.X)
	case *ssa.UnOp:
		if x.Op != token.MUL {
			return nil
		}
		if fa, ok := x.X.(*ssa.FieldAddr); ok {
			return fieldVar(fa)
		}
	}
	return nil
}

func mapSlot(m ssa.Value) *types.Var {
	if _, ok := m.Type().Underlying().(*types.Map); !ok {
		return nil
	}
	u, ok := m.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return nil
	}
	fa, ok := u.X.(*ssa.FieldAddr)
	if !ok {
		return nil
	}
	return fieldVar(fa)
}

// fieldVar is the field a FieldAddr selects, when its struct is a named
// type of some package (not an anonymous struct).
func fieldVar(fa *ssa.FieldAddr) *types.Var {
	p, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok || n.Obj() == nil || n.Obj().Pkg() == nil {
		return nil
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok || fa.Field < 0 || fa.Field >= st.NumFields() {
		return nil
	}
	f := st.Field(fa.Field)
	if f.Origin() != nil {
		f = f.Origin()
	}
	return f
}

// slotClass is the pseudo order class of a call through field f.
func slotClass(f *types.Var, owner string) string {
	return slotPrefix + owner + "." + f.Name()
}

// slotOwner is "pkgpath.Type" of the struct holding the field read by fa
// (the type of the called value's slot), or "".
func slotOwner(v ssa.Value) string {
	var fa *ssa.FieldAddr
	switch x := v.(type) {
	case *ssa.Extract:
		if l, ok := x.Tuple.(*ssa.Lookup); ok {
			v = l.X
		}
	case *ssa.Lookup:
		v = x.X
	}
	if u, ok := v.(*ssa.UnOp); ok {
		fa, _ = u.X.(*ssa.FieldAddr)
	}
	if fa == nil {
		return ""
	}
	n := namedOf(fa.X.Type())
	if n == nil || n.Obj().Pkg() == nil {
		return ""
	}
	return n.Obj().Pkg().Path() + "." + n.Obj().Name()
}

// noteSlotCall records order edges from the held locks to the pseudo
// class of a call through a func-typed field of a type of this package.
func (a *funcAnalysis) noteSlotCall(s state, b *ssa.BasicBlock, call *ssa.CallCommon, pos token.Pos) {
	f := funcSlot(call.Value)
	if f == nil || f.Pkg() == nil || a.fn.Pkg == nil || f.Pkg() != a.fn.Pkg.Pkg {
		return // only fields the package can see every store to
	}
	owner := slotOwner(call.Value)
	if owner == "" {
		return
	}
	a.invokeEdges(s, b, slotClass(f, owner), pos, a.where(pos), nil)
}

// noteHeldInvoke keeps an interface call made with locks held for
// resolveBackPointers.
func (a *funcAnalysis) noteHeldInvoke(s state, call *ssa.CallCommon, iface string, pos token.Pos, field *types.Var) {
	if len(s) == 0 || len(s[0].held) == 0 {
		return // nothing held
	}
	recv, _ := a.pc.recvExpr(pos)
	a.keepHeldInvoke(s, heldInvoke{fn: a.fn, pos: pos, iface: iface, method: call.Method.Name(), recv: recv, field: field})
}

// noteHeldInvokeVia keeps an interface call a callee makes (iv of its
// summary) while this function holds locks.
func (a *funcAnalysis) noteHeldInvokeVia(s state, iv Invoke, via []string, pos token.Pos) {
	a.keepHeldInvoke(s, heldInvoke{fn: a.fn, pos: pos, iface: iv.Iface, method: iv.Method, via: via, where: iv.Where})
}

func (a *funcAnalysis) keepHeldInvoke(s state, hi heldInvoke) {
	if len(s) == 0 {
		return
	}
	for k := range s[0].held {
		h, ok := s.mustHeld(k)
		if !ok || h.Mode == Maybe || h.Mode == Mixed || k.Class == "" || owned(k) {
			continue
		}
		c := a.orderClass(k)
		if c == "" {
			continue
		}
		hi.held = append(hi.held, heldName{class: c, name: a.name(k), mode: h.Mode, pos: h.Pos})
	}
	if len(hi.held) == 0 {
		return
	}
	sort.Slice(hi.held, func(i, j int) bool { return hi.held[i].class < hi.held[j].class })
	a.invokes = append(a.invokes, hi)
}

// slotTarget is a function the package stores into a func-typed field
// (or a map-of-func field); fn is nil for a value the package does not
// show (a parameter, a call result).
type slotTarget struct {
	fn  *ssa.Function
	pos token.Pos
	// self: every store of fn into the field binds, as fn's receiver,
	// the object whose field it is (s.onChange = s.handleChange).
	self bool
}

// scanSlots maps each func-typed field (and map-of-func field) of the
// package's types to what the package stores into it.
func scanSlots(funcs []*ssa.Function) map[*types.Var][]slotTarget {
	out := map[*types.Var][]slotTarget{}
	add := func(f *types.Var, v ssa.Value, pos token.Pos, owner ssa.Value) {
		if f == nil {
			return
		}
		var t slotTarget
		switch v := v.(type) {
		case *ssa.Function:
			t.fn = v
		case *ssa.MakeClosure:
			fn, _ := v.Fn.(*ssa.Function)
			if fn == nil {
				return
			}
			if strings.HasPrefix(fn.Synthetic, "bound method wrapper") {
				obj, ok := fn.Object().(*types.Func)
				if !ok {
					return
				}
				t.fn = fn.Prog.FuncValue(obj.Origin())
				t.self = owner != nil && len(v.Bindings) == 1 && v.Bindings[0] == owner
			} else {
				t.fn = fn
			}
		default:
			// An unknown value is stored (a parameter, a call result): the
			// field can hold code the package does not show.
			out[f] = append(out[f], slotTarget{})
			return
		}
		if t.fn == nil {
			return
		}
		t.pos = pos
		for i, x := range out[f] {
			if x.fn == t.fn {
				out[f][i].self = x.self && t.self
				return
			}
		}
		out[f] = append(out[f], t)
	}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case *ssa.Store:
					fa, ok := x.Addr.(*ssa.FieldAddr)
					if !ok {
						continue
					}
					if _, ok := x.Val.Type().Underlying().(*types.Signature); !ok {
						continue
					}
					add(fieldVar(fa), x.Val, x.Pos(), fa.X)
				case *ssa.MapUpdate:
					if _, ok := x.Value.Type().Underlying().(*types.Signature); !ok {
						continue
					}
					add(mapSlot(x.Map), x.Value, x.Pos(), nil)
				}
			}
		}
	}
	return out
}

// resolveSlots replaces the edges to slot pseudo classes by edges to the
// locks the stored functions acquire (see the comment at the top).
func (r *Result) resolveSlots(slots map[*types.Var][]slotTarget, fset *token.FileSet) {
	has := false
	for _, e := range r.order {
		if strings.HasPrefix(e.Class, slotPrefix) {
			has = true
			break
		}
	}
	if !has {
		return
	}
	// Index the slots by "owner.field" over the package's named structs.
	targets := map[string][]slotTarget{}
	if r.pkg != nil {
		scope := r.pkg.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok {
				continue
			}
			st, ok := tn.Type().Underlying().(*types.Struct)
			if !ok {
				continue
			}
			for i := 0; i < st.NumFields(); i++ {
				f := st.Field(i)
				if ts, ok := slots[f]; ok {
					targets[slotPrefix+r.pkg.Path()+"."+tn.Name()+"."+f.Name()] = ts
				}
			}
		}
	}
	var out []OrderEdge
	for _, e := range r.order {
		if !strings.HasPrefix(e.Class, slotPrefix) {
			out = append(out, e)
			continue
		}
		ts := targets[e.Class]
		if len(ts) == 0 || len(ts) > maxSlotTargets {
			continue
		}
		unknown := false
		for _, t := range ts {
			if t.fn == nil {
				unknown = true
			}
		}
		if unknown {
			continue // the field also holds code the package does not show
		}
		field := e.Class[strings.LastIndexByte(e.Class, '.')+1:]
		for _, t := range ts {
			sum := r.Summary(t.fn)
			if sum == nil || sum.Unknown {
				continue
			}
			for _, x := range sum.Acquires {
				if x.Reacquire {
					continue
				}
				class := orderClassIn(t.fn, x.Key)
				if class == "" || class == e.FromClass {
					continue
				}
				ne := e
				ne.Class, ne.Mode = class, x.Mode
				ne.Inner = token.NoPos
				ne.Where = x.Where
				ne.Via = append([]string(nil), x.Via...)
				name := t.fn.RelString(nil)
				ne.Note = fmt.Sprintf("through the field %s, set to %s at %s", field, name, shortWhere(fset, t.pos))
				ne.Gates = append([]Gate(nil), e.Gates...)
				out = append(out, ne)
			}
		}
	}
	r.order = out
}

func shortWhere(fset *token.FileSet, pos token.Pos) string {
	if fset == nil || !pos.IsValid() {
		return "?"
	}
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// resolveBackPointers turns interface calls made with a lock held into
// DoubleLockCall events when a registered implementation of the package
// acquires a lock of the same class through a field of its own (see the
// comment at the top).
func (r *Result) resolveBackPointers(invokes []heldInvoke) {
	if r.pkg == nil || r.prog == nil {
		return
	}
	flows := make(map[*types.Var]map[*types.TypeName]bool) // flowTypes per field
	for _, hi := range invokes {
		impls, it := r.implementations(hi.iface, hi.method)
		if len(impls) == 0 || len(impls) > maxImpls {
			continue
		}
		libs := map[string]bool{hi.iface[:max(strings.LastIndexByte(hi.iface, '.'), 0)]: true, r.pkg.Path(): true}
		reported := false
		for _, impl := range impls {
			if reported || !r.registeredWith(impl, it, libs) || decorates(impl) {
				continue
			}
			if hi.field != nil {
				// A field: only when the package puts a value of the
				// implementation's type there.
				n := namedOf(impl.Signature.Recv().Type())
				if n == nil {
					continue
				}
				ft, ok := flows[hi.field]
				if !ok {
					ft = r.flowTypes(hi.field)
					flows[hi.field] = ft
				}
				if !ft[n.Obj()] {
					continue
				}
			}
			recv := ""
			if sig := impl.Signature; sig.Recv() != nil {
				if n := namedOf(sig.Recv().Type()); n != nil && n.Obj().Pkg() != nil {
					recv = n.Obj().Pkg().Path() + "." + n.Obj().Name() + "."
				}
			}
			sum := r.Summary(impl)
			if sum == nil || sum.Unknown || recv == "" {
				continue
			}
			for _, x := range sum.Acquires {
				if reported || x.Reacquire || !x.Must && !x.OnSuccess || x.Key.Base != BaseParam || x.Key.Index != 0 {
					continue
				}
				class := orderClassIn(impl, x.Key)
				if class == "" || strings.HasPrefix(class, recv) {
					continue // the implementation's own lock (or one of a value of its type)
				}
				for _, h := range hi.held {
					if h.class != class || h.mode == Read && x.Mode == Read {
						continue
					}
					lock := "Lock"
					if x.Mode == Read {
						lock = "RLock"
					}
					chain := impl.RelString(r.pkg)
					if len(x.Via) > 0 {
						chain += " → " + strings.Join(x.Via, " → ")
					}
					what := hi.recv
					if what != "" {
						what += "."
					}
					what += hi.method
					if len(hi.via) > 0 {
						what = fmt.Sprintf("%s (through %s, at %s)", hi.method, strings.Join(hi.via, " → "), hi.where)
					}
					msg := fmt.Sprintf("the call of %s can run %s, a registered implementation, and it acquires %s, which is already held here (%s): %s → %s at %s, through a field of the implementation; Go mutexes are not reentrant, so this blocks forever",
						what, impl.RelString(r.pkg), h.name, h.mode, chain, lock, x.Where)
					msg = strings.ReplaceAll(msg, r.pkg.Path()+".", "")
					ev := Event{Kind: DoubleLockCall, Fn: hi.fn, Pos: hi.pos, Lock: h.name, Message: msg}
					if h.pos.IsValid() {
						ev.Related = append(ev.Related, analysis.RelatedInformation{Pos: h.pos, Message: h.name + " first acquired here"})
					}
					if x.inner.IsValid() {
						ev.Related = append(ev.Related, analysis.RelatedInformation{Pos: x.inner, Message: "the implementation acquires " + h.name + " here"})
					}
					r.Events = append(r.Events, ev)
					reported = true
					break
				}
			}
		}
	}
}

// hookTarget returns the function a call of the value v runs when v is
// loaded from an unexported func-typed field of this package into which
// the package stores one function only: a plain function, or a method
// bound to the field's own object (s.onChange = s.handleChange; then
// x.onChange(k) runs x.handleChange(k)). Otherwise nil.
func (pc *pkgCtx) hookTarget(v ssa.Value) *ssa.Function {
	fn, _ := pc.hook(v)
	return fn
}

// hook is hookTarget with, for a bound method, the receiver to pass.
func (pc *pkgCtx) hook(v ssa.Value) (*ssa.Function, ssa.Value) {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return nil, nil
	}
	fa, ok := u.X.(*ssa.FieldAddr)
	if !ok {
		return nil, nil
	}
	f := fieldVar(fa)
	if f == nil || f.Exported() || f.Pkg() != pc.pass.Pkg {
		return nil, nil // another package may store into it
	}
	ts := pc.slots[f]
	if len(ts) != 1 || ts[0].fn == nil {
		return nil, nil
	}
	t := ts[0]
	if t.self {
		return t.fn, fa.X
	}
	if sig := t.fn.Signature; sig.Recv() == nil && len(t.fn.FreeVars) == 0 {
		return t.fn, nil
	}
	return nil, nil
}

// paramOf returns the index of the parameter v comes from: the parameter
// itself (through interface conversions), or an element of a slice,
// array or map parameter (range over cs ...Collector); else -1.
func (a *funcAnalysis) paramOf(v ssa.Value) int {
	for n := 0; n < 4; n++ {
		switch x := v.(type) {
		case *ssa.Parameter:
			for i, q := range a.fn.Params {
				if q == x {
					return i
				}
			}
			return -1
		case *ssa.ChangeInterface:
			v = x.X
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.UnOp:
			ia, ok := x.X.(*ssa.IndexAddr)
			if x.Op != token.MUL || !ok {
				return -1
			}
			v = ia.X
		case *ssa.Lookup:
			v = x.X
		case *ssa.Extract:
			l, ok := x.Tuple.(*ssa.Lookup)
			if !ok {
				return -1
			}
			v = l.X
		default:
			return -1
		}
	}
	return -1
}

// decorates reports whether the named type of method fn has a field of
// an interface type with a method named like fn: a wrapper whose method
// forwards to the value it wraps (an embedded SubConn, Provider,
// ClientConn), so a call of that method on the wrapped value is not a
// call of the wrapper.
func decorates(fn *ssa.Function) bool {
	sig := fn.Signature
	if sig.Recv() == nil {
		return false
	}
	n := namedOf(sig.Recv().Type())
	if n == nil {
		return false
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		t := st.Field(i).Type()
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		if !types.IsInterface(t) {
			continue
		}
		obj, _, _ := types.LookupFieldOrMethod(t, false, fn.Pkg.Pkg, fn.Name())
		if _, ok := obj.(*types.Func); ok {
			return true
		}
	}
	return false
}

// fieldOf returns the struct field an interface value comes from: the
// field itself (c.next), or an element of a slice or map field (range
// over r.collectors); else nil.
func fieldOf(v ssa.Value) *types.Var {
	for n := 0; n < 4; n++ {
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return nil
			}
			switch y := x.X.(type) {
			case *ssa.FieldAddr:
				return fieldVar(y)
			case *ssa.IndexAddr:
				v = y.X
			default:
				return nil
			}
		case *ssa.Lookup:
			v = x.X
		case *ssa.Extract:
			l, ok := x.Tuple.(*ssa.Lookup)
			if !ok {
				return nil
			}
			v = l.X
		default:
			return nil
		}
	}
	return nil
}

// flowTypes returns the named types whose values the package stores,
// converted to an interface, into field f: directly, appended to it, put
// in its map, or through a parameter of the storing function that one of
// the package's calls binds to such a value (Register(c) doing
// r.collectors = append(r.collectors, c), called with &selfCollector{}).
// It scans the package once per field; resolveBackPointers memoizes it.
func (r *Result) flowTypes(f *types.Var) map[*types.TypeName]bool {
	out := make(map[*types.TypeName]bool)
	// typeOf is the named type converted to an interface by v, or nil.
	typeOf := func(v ssa.Value) *types.TypeName {
		mi, ok := v.(*ssa.MakeInterface)
		if !ok {
			return nil
		}
		if n := namedOf(mi.X.Type()); n != nil {
			return n.Obj()
		}
		return nil
	}
	var params []*ssa.Parameter
	note := func(v ssa.Value) {
		if t := typeOf(v); t != nil {
			out[t] = true
		} else if p, ok := v.(*ssa.Parameter); ok && len(params) < 16 {
			params = append(params, p)
		}
	}
	// elems are the values a slice operand of append carries: the
	// elements stored into the array behind a variadic argument.
	elems := func(v ssa.Value) []ssa.Value {
		s, ok := v.(*ssa.Slice)
		if !ok {
			return []ssa.Value{v}
		}
		al, ok := s.X.(*ssa.Alloc)
		if !ok || al.Referrers() == nil {
			return nil
		}
		var out []ssa.Value
		for _, ref := range *al.Referrers() {
			ia, ok := ref.(*ssa.IndexAddr)
			if !ok || ia.Referrers() == nil {
				continue
			}
			for _, r2 := range *ia.Referrers() {
				if st, ok := r2.(*ssa.Store); ok && st.Addr == ssa.Value(ia) {
					out = append(out, st.Val)
				}
			}
		}
		return out
	}
	for _, fn := range r.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var vals []ssa.Value
				switch x := instr.(type) {
				case *ssa.Store:
					fa, ok := x.Addr.(*ssa.FieldAddr)
					if !ok || fieldVar(fa) != f {
						continue
					}
					vals = []ssa.Value{x.Val}
					if c, ok := x.Val.(*ssa.Call); ok {
						if bi, ok := c.Call.Value.(*ssa.Builtin); ok && bi.Name() == "append" && len(c.Call.Args) == 2 {
							vals = elems(c.Call.Args[1])
						}
					}
				case *ssa.MapUpdate:
					if mapSlot(x.Map) != f {
						continue
					}
					vals = []ssa.Value{x.Value}
				default:
					continue
				}
				for _, v := range vals {
					note(v)
				}
			}
		}
	}
	if len(params) == 0 {
		return out
	}
	// One level up: a call of the storing function that passes a T.
	for _, fn := range r.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				c, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				callee := c.Common().StaticCallee()
				if callee == nil {
					continue
				}
				if o := callee.Origin(); o != nil {
					callee = o
				}
				for _, p := range params {
					if p.Parent() != callee {
						continue
					}
					for i, q := range callee.Params {
						if q == p && i < len(c.Common().Args) {
							if t := typeOf(c.Common().Args[i]); t != nil {
								out[t] = true
							}
						}
					}
				}
			}
		}
	}
	return out
}
