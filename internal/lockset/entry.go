package lockset

import (
	"go/ast"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// HeldOnEntry returns the locks that every caller holds when it calls fn,
// with keys relative to fn's parameters (receiver = 0), free variables and
// globals, like summary keys; Name is the lock as fn writes it and Pos
// where the first caller (by position) acquired it. The result is nil
// unless all of fn's callers are known in the package:
//
//   - an unexported function or method that is never used as a value (no
//     method value, no function value stored or passed, no method
//     expression) and, for a method, whose name no interface of the
//     package declares (an interface call could reach it);
//   - a function literal that is only called in place (including
//     deferred or started with go).
//
// A goroutine body holds nothing on entry, and neither does a deferred
// call (it runs at a return, with whatever is held then), so a function
// started with go or deferred anywhere gets nil. A function without a
// caller gets nil.
//
// The held set of a call site is [Result.HeldAt] of the call plus, for a
// caller whose own callers are all known, the caller's HeldOnEntry minus
// the locks it releases without acquiring them (its Summary.Requires): a
// chain of helpers passes its callers' locks down. This is a must
// property computed top-down over the package's call graph (callers
// before callees), iterated at most 4 times per strongly connected
// component from "everything held"; a component that does not settle gets
// nil. Only locks that can be named in fn's frame survive: globals, and
// locks reached from an argument or a captured variable.
//
// Lockorder uses it to count a lock every caller holds as a gate around
// the edges born in fn; guardedby uses it for "the caller holds the lock".
func (r *Result) HeldOnEntry(fn *ssa.Function) []HeldLock {
	if r == nil || fn == nil {
		return nil
	}
	r.entryOnce.Do(r.computeEntry)
	if o := fn.Origin(); o != nil {
		fn = o
	}
	return r.entry[fn]
}

// entryInputs is what computeEntry needs from the pass, kept by the
// Result until HeldOnEntry is first called.
type entryInputs struct {
	funcs []*ssa.Function   // the package's source functions
	order [][]*ssa.Function // their SCCs, callees first
	info  *types.Info
}

// callSite is a call of a function whose callers are being collected.
type callSite struct {
	caller   *ssa.Function
	instr    ssa.CallInstruction
	args     []ssa.Value // the call's arguments (receiver first)
	bindings []ssa.Value // the closure's bindings, for a function literal
}

// entrySet is the must-held set on entry of one function while the
// fixpoint runs; top means "not constrained yet".
type entrySet struct {
	top   bool
	locks map[Key]HeldLock
}

// computeEntry fills r.entry for every function of the package whose
// callers are all known.
func (r *Result) computeEntry() {
	in := r.entryIn
	r.entryIn = nil
	r.entry = map[*ssa.Function][]HeldLock{}
	if in == nil {
		return
	}
	sites, excluded := collectCallers(in.funcs)
	ifaceNames := interfaceMethodNames(in.info)
	eligible := func(fn *ssa.Function) bool {
		if excluded[fn] || fn.Synthetic != "" || len(sites[fn]) == 0 {
			return false
		}
		if fn.Parent() != nil {
			return true // a function literal called in place only
		}
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Exported() {
			return false // callable from other packages
		}
		if sig, ok := obj.Type().(*types.Signature); ok && sig.Recv() != nil && ifaceNames[obj.Name()] {
			return false // an interface of the package may call it
		}
		return true
	}
	sets := map[*ssa.Function]*entrySet{}
	for i := len(in.order) - 1; i >= 0; i-- { // callers first
		scc := in.order[i]
		var members []*ssa.Function
		for _, fn := range scc {
			if eligible(fn) {
				members = append(members, fn)
				sets[fn] = &entrySet{top: true}
			}
		}
		if len(members) == 0 {
			continue
		}
		const maxRounds = 4
		settled := false
		for round := 0; round < maxRounds && !settled; round++ {
			settled = true
			for _, fn := range members {
				n := r.meetSites(fn, sites[fn], sets)
				if old := sets[fn]; !sameEntry(old, n) {
					settled = false
					sets[fn] = n
				}
			}
		}
		if !settled {
			for _, fn := range members {
				sets[fn] = &entrySet{}
			}
		}
	}
	for fn, s := range sets {
		if s.top || len(s.locks) == 0 {
			continue
		}
		res := newResolver(fn)
		out := make([]HeldLock, 0, len(s.locks))
		for _, h := range s.locks {
			h.Name = res.display(h.Key)
			out = append(out, h)
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Name != out[j].Name {
				return out[i].Name < out[j].Name
			}
			return out[i].Key.Path < out[j].Key.Path
		})
		r.entry[fn] = out
	}
}

func sameEntry(a, b *entrySet) bool {
	if a.top != b.top || len(a.locks) != len(b.locks) {
		return false
	}
	for k, h := range a.locks {
		if h2, ok := b.locks[k]; !ok || h2.Mode != h.Mode {
			return false
		}
	}
	return true
}

// meetSites intersects the held sets of fn's call sites, translated into
// fn's frame.
func (r *Result) meetSites(fn *ssa.Function, sites []callSite, sets map[*ssa.Function]*entrySet) *entrySet {
	out := &entrySet{top: true}
	for _, s := range sites {
		if _, ok := s.instr.(*ssa.Call); !ok {
			return &entrySet{} // go or defer: nothing is known to be held
		}
		var held []HeldLock
		held = append(held, r.heldAt[s.instr]...)
		if cs, ok := sets[s.caller]; ok {
			if cs.top {
				continue // constrained by the other sites (fixpoint)
			}
			sum := r.local[s.caller]
			if sum == nil || !sum.Unknown {
				for _, h := range cs.locks {
					if sum != nil && containsKey(sum.Requires, h.Key.sum()) {
						continue // the caller releases it
					}
					held = append(held, h)
				}
			}
		}
		res := newResolver(s.caller)
		m := map[Key]HeldLock{}
		for _, h := range held {
			k, ok := res.toCallee(h.Key, fn, s.args, s.bindings)
			if !ok {
				continue
			}
			if old, dup := m[k]; dup && old.Pos <= h.Pos {
				continue
			}
			m[k] = HeldLock{Key: k, Mode: h.Mode, Pos: h.Pos}
		}
		if out.top {
			out = &entrySet{locks: m}
			continue
		}
		for k, h := range out.locks {
			h2, ok := m[k]
			if !ok {
				delete(out.locks, k)
				continue
			}
			if h2.Mode != h.Mode {
				h.Mode = Mixed
			}
			if h2.Pos.IsValid() && (!h.Pos.IsValid() || h2.Pos < h.Pos) {
				h.Pos = h2.Pos
			}
			out.locks[k] = h
		}
	}
	return out
}

func containsKey(ks []SumKey, k SumKey) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// toCallee translates k, a lock key of the caller (r's function), into the
// frame of callee, given the call's arguments and the closure's bindings:
// a global stays itself; a lock reached from argument i becomes a key of
// parameter i, one reached from binding j a key of free variable j (a
// captured variable that is never reassigned is reached through its
// cell: "*"). It is the inverse of [resolver.translate].
func (r *resolver) toCallee(k Key, callee *ssa.Function, args, bindings []ssa.Value) (Key, bool) {
	if k.Base == BaseGlobal {
		return Key{Base: BaseGlobal, Name: k.Name, Path: k.Path, Class: k.Class}, true
	}
	try := func(v ssa.Value, base BaseKind, i int) (Key, bool) {
		type cand struct {
			k      Key
			prefix string
		}
		var cands []cand
		if ck, ok := r.key(v); ok {
			cands = append(cands, cand{ck, ""})
		}
		if al, ok := v.(*ssa.Alloc); ok && base == BaseFreeVar {
			if sv := singleStore(al); sv != nil {
				if ck, ok := r.key(sv); ok {
					cands = append(cands, cand{ck, "*"})
				}
			}
		}
		for _, c := range cands {
			if !sameBase(c.k, k) || !pathPrefix(c.k.Path, k.Path) {
				continue
			}
			return Key{Base: base, Index: i, Path: c.prefix + k.Path[len(c.k.Path):], Class: k.Class}, true
		}
		return Key{}, false
	}
	for i, v := range args {
		if i >= len(callee.Params) {
			break
		}
		if nk, ok := try(v, BaseParam, i); ok {
			return nk, true
		}
	}
	for j, v := range bindings {
		if j >= len(callee.FreeVars) {
			break
		}
		if nk, ok := try(v, BaseFreeVar, j); ok {
			return nk, true
		}
	}
	return Key{}, false
}

// pathPrefix reports whether key path p is a prefix of q ending at a
// segment boundary.
func pathPrefix(p, q string) bool {
	if !strings.HasPrefix(q, p) {
		return false
	}
	if len(q) == len(p) || p == "" {
		return true
	}
	switch q[len(p)] {
	case '.', '*', '[':
		return true
	}
	return false
}

// collectCallers indexes the call sites of the package's functions and
// the functions whose callers are not all visible: used as a value, or
// called through a wrapper.
func collectCallers(funcs []*ssa.Function) (map[*ssa.Function][]callSite, map[*ssa.Function]bool) {
	sites := map[*ssa.Function][]callSite{}
	excluded := map[*ssa.Function]bool{}
	origin := func(f *ssa.Function) *ssa.Function {
		if o := f.Origin(); o != nil {
			return o
		}
		return f
	}
	// isWrapper: a bound method wrapper, thunk or promotion wrapper (an
	// instance of a generic function stands for its origin instead).
	isWrapper := func(f *ssa.Function) bool { return f.Synthetic != "" && f.Origin() == nil }
	// exclude marks the function a wrapper stands for, or a function
	// used as a value.
	exclude := func(f *ssa.Function) {
		if isWrapper(f) {
			if obj, ok := f.Object().(*types.Func); ok && f.Prog != nil {
				if m := f.Prog.FuncValue(obj); m != nil {
					excluded[origin(m)] = true
				}
			}
			return
		}
		excluded[origin(f)] = true
	}
	var ops []*ssa.Value
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if mc, ok := instr.(*ssa.MakeClosure); ok {
					f, _ := mc.Fn.(*ssa.Function)
					if f == nil {
						continue
					}
					if isWrapper(f) {
						exclude(f) // a bound method value
						continue
					}
					closureSites(mc, origin(f), sites, excluded)
					for _, bnd := range mc.Bindings {
						if g, ok := bnd.(*ssa.Function); ok {
							exclude(g)
						}
					}
					continue
				}
				var callee ssa.Value
				call, isCall := instr.(ssa.CallInstruction)
				if isCall && !call.Common().IsInvoke() {
					callee = call.Common().Value
				}
				ops = instr.Operands(ops[:0])
				for _, op := range ops {
					f, ok := (*op).(*ssa.Function)
					if !ok {
						continue
					}
					if *op != callee || isWrapper(f) {
						exclude(f)
						continue
					}
					c := call.Common()
					sites[origin(f)] = append(sites[origin(f)], callSite{caller: fn, instr: call, args: c.Args})
				}
			}
		}
	}
	return sites, excluded
}

// closureSites records the calls of the closure mc (a function literal
// with free variables): each use must call it in place.
func closureSites(mc *ssa.MakeClosure, f *ssa.Function, sites map[*ssa.Function][]callSite, excluded map[*ssa.Function]bool) {
	refs := mc.Referrers()
	if refs == nil {
		excluded[f] = true
		return
	}
	for _, ref := range *refs {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case ssa.CallInstruction:
			c := ref.Common()
			if c.IsInvoke() || c.Value != ssa.Value(mc) {
				excluded[f] = true // passed as an argument
				continue
			}
			for _, a := range c.Args {
				if a == ssa.Value(mc) {
					excluded[f] = true // also passed to itself
				}
			}
			sites[f] = append(sites[f], callSite{caller: mc.Parent(), instr: ref, args: c.Args, bindings: mc.Bindings})
		default:
			excluded[f] = true // stored, passed, returned
		}
	}
}

// interfaceMethodNames returns the unexported method names declared by
// some interface type of the package (including constraints and interface
// literals): a method with such a name may be called through an interface.
func interfaceMethodNames(info *types.Info) map[string]bool {
	names := map[string]bool{}
	if info == nil {
		return names
	}
	add := func(t types.Type) {
		if t == nil {
			return
		}
		it, ok := t.Underlying().(*types.Interface)
		if !ok {
			return
		}
		for i := 0; i < it.NumMethods(); i++ {
			if m := it.Method(i); !m.Exported() {
				names[m.Name()] = true
			}
		}
	}
	for e, tv := range info.Types {
		if _, ok := e.(*ast.InterfaceType); ok || tv.IsType() {
			add(tv.Type)
		}
	}
	for _, obj := range info.Defs {
		if tn, ok := obj.(*types.TypeName); ok {
			add(tn.Type())
		}
	}
	return names
}
