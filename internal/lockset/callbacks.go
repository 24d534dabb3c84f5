package lockset

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Callbacks under a lock.
//
// A function that calls its func-typed parameter, or a method of a named
// interface on a value it did not make (an observer in a field), runs
// code it cannot see — with its locks held. Its summary records both
// (Summary.Callbacks, Summary.Invokes), and the code that supplies the
// callee is checked where it is known:
//
//   - a caller that passes a closure, function or method value for the
//     parameter: each lock the callback acquires is ordered after the
//     locks the callee holds when calling it (an OrderEdge born at the
//     call, with Note saying so) and after the caller's own held locks;
//     a callback that acquires a lock the caller holds is a double lock;
//   - an interface call under a lock is an order edge to the pseudo class
//     InvokeClass(I, M); lockorder resolves it in every package that sees
//     it (its own or through its fact) against the package's
//     implementations of I.M ([Result.ImplEdges]).

// noteUnknownCall records, for the summary and lock order, a call the
// engine cannot see into: a call of a parameter (a callback) or of an
// interface method on a value the function did not make.
func (a *funcAnalysis) noteUnknownCall(s state, b *ssa.BasicBlock, call *ssa.CallCommon, pos token.Pos) {
	if !a.report || len(s) == 0 {
		return
	}
	if !call.IsInvoke() {
		p, ok := call.Value.(*ssa.Parameter)
		if !ok {
			a.noteSlotCall(s, b, call, pos)
			return
		}
		for j, q := range a.fn.Params {
			if q == p {
				a.sum.Callbacks = append(a.sum.Callbacks, Callback{Param: j, Held: a.heldClasses(s), Where: a.where(pos)})
				return
			}
		}
		return
	}
	if _, made := call.Value.(*ssa.MakeInterface); made {
		return // the implementation is known here
	}
	iface, ok := namedInterface(call.Value.Type())
	if !ok || call.Method == nil || standardPath(iface) {
		return
	}
	param := a.paramOf(call.Value)
	a.addInvoke(Invoke{Iface: iface, Method: call.Method.Name(), Param: param, Where: a.where(pos)})
	if param >= 0 {
		a.noteHeldInvoke(s, call, iface, pos, nil)
	} else if f := fieldOf(call.Value); f != nil && a.fn.Pkg != nil && f.Pkg() == a.fn.Pkg.Pkg {
		a.noteHeldInvoke(s, call, iface, pos, f)
	}
	a.invokeEdges(s, b, InvokeClass(iface, call.Method.Name()), pos, a.where(pos), nil)
}

// namedInterface returns "pkgpath.Name" of a named interface type (not
// error or another predeclared one).
func namedInterface(t types.Type) (string, bool) {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj() == nil || n.Obj().Pkg() == nil {
		return "", false
	}
	if _, ok := n.Underlying().(*types.Interface); !ok {
		return "", false
	}
	n = n.Origin()
	return n.Obj().Pkg().Path() + "." + n.Obj().Name(), true
}

// standardPath reports whether the qualified name "pkgpath.Name" belongs
// to the standard library (no dot in the first path element). Interfaces
// such as io.Reader, io.Writer and fmt.Stringer are implemented by many
// unrelated types of a package, so resolving a call of one against all of
// them names code that does not run there (measured on std: 23 false
// cycles); handler and observer interfaces are declared by the library
// that calls them.
func standardPath(qualified string) bool {
	path := qualified
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		path = path[:i] // the package path
	}
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// invokeEdges records edges from the locks held in s to the pseudo class
// of an interface call.
func (a *funcAnalysis) invokeEdges(s state, b *ssa.BasicBlock, class string, pos token.Pos, where string, via []string) {
	for from, h := range s[0].held {
		if h.Mode == Maybe || a.orderSkip[from] {
			continue
		}
		hd, ok := s.mustHeld(from)
		if !ok || from.Class == "" {
			continue
		}
		e := OrderEdge{Fn: a.fn, FromClass: a.orderClass(from), Class: class, FromMode: hd.Mode, Mode: Write,
			FromPos: hd.Pos, Pos: pos, Where: where, Via: append([]string(nil), via...), FromOwned: owned(from)}
		a.addOrder(e, s, b, from)
	}
}

// heldClasses lists the locks held on every path in s by order class,
// leaving out those no other function can order (locks in local
// variables, in objects allocated here, in unnamed structs).
func (a *funcAnalysis) heldClasses(s state) []HeldClass {
	if len(s) == 0 {
		return nil
	}
	var out []HeldClass
	for k := range s[0].held {
		h, ok := s.mustHeld(k)
		if !ok || owned(k) || k.Class == "" {
			continue
		}
		c := a.orderClass(k)
		if c == "" || strings.HasPrefix(c, "local ") || strings.HasPrefix(c, "struct.") {
			continue
		}
		hc := HeldClass{Class: c, Mode: h.Mode, Where: a.where(h.Pos)}
		if k.Exportable() {
			hc.Key, hc.HasKey = k.sum(), true
		}
		out = append(out, hc)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Class < out[j].Class })
	return out
}

// applyCallbacks applies the callbacks and interface calls of a callee's
// summary at a call (see the comment at the top of the file).
func (a *funcAnalysis) applyCallbacks(s state, b *ssa.BasicBlock, info opInfo, pos token.Pos) {
	if !a.report || len(s) == 0 {
		return
	}
	sum := info.sum
	// Names in these chains are package-qualified: they are read in other
	// packages (lockorder trims this package's qualifier for display).
	name := info.name
	if info.callee != nil {
		name = a.pc.funcName(info.callee, true)
	}
	held := len(s[0].held) > 0 // invokeEdges has work
	for _, iv := range sum.Invokes {
		param := -1
		noteHeld := false
		if iv.Param >= 0 && iv.Param < len(info.args) {
			param = a.paramOf(info.args[iv.Param])
			// The receiver is our caller's, or one we make here: a value
			// of the package's types may reach it.
			_, made := info.args[iv.Param].(*ssa.MakeInterface)
			noteHeld = made || param >= 0
		}
		k := invokeID{iv.Iface, iv.Method, param}
		if !noteHeld && !held && (a.pc.entries[a.fn] || !a.betterInvoke(k, 1+len(iv.Via), iv.Where)) {
			continue // the summary has as short a chain to it already, or no reader
		}
		via := append([]string{name}, iv.Via...)
		if noteHeld {
			a.noteHeldInvokeVia(s, iv, via, pos)
		}
		a.addInvoke(Invoke{Iface: iv.Iface, Method: iv.Method, Param: param, Where: iv.Where, Via: via})
		if held {
			a.invokeEdges(s, b, InvokeClass(iv.Iface, iv.Method), pos, iv.Where, via)
		}
	}
	for _, cb := range sum.Callbacks {
		if cb.Param >= len(info.args) {
			continue
		}
		arg := info.args[cb.Param]
		via := append([]string{name}, cb.Via...)
		if p, ok := arg.(*ssa.Parameter); ok {
			// Passed on: our caller's callback runs under these locks too.
			for j, q := range a.fn.Params {
				if q == p {
					var held []HeldClass
					for _, l := range cb.Held {
						l2 := l
						l2.HasKey, l2.Key = false, SumKey{}
						if l.HasKey {
							if k, ok := a.r.translate(l.Key, info.args, info.bindings); ok && k.Exportable() {
								l2.Key, l2.HasKey = k.sum(), true
								if c := a.orderClass(k); c != "" {
									l2.Class = c
								}
							}
						}
						held = append(held, l2)
					}
					held = append(held, a.heldClasses(s)...)
					a.sum.Callbacks = append(a.sum.Callbacks, Callback{Param: j, Held: held, Where: cb.Where, Via: via})
				}
			}
			continue
		}
		ci := a.classifyValue(arg, nil, 0)
		if ci.sum == nil || ci.sum.Unknown || ci.callee == nil {
			continue
		}
		// The callee's held locks in our frame where we can name them.
		held := make([]HeldClass, len(cb.Held))
		for i, l := range cb.Held {
			held[i] = l
			if l.HasKey {
				if k, ok := a.r.translate(l.Key, info.args, info.bindings); ok {
					if c := a.orderClass(k); c != "" {
						held[i].Class = c
					}
				}
			}
		}
		chain := strings.Join(via, " → ")
		for _, x := range ci.sum.Acquires {
			if x.Reacquire {
				continue
			}
			kx, ok := a.r.translate(x.Key, ci.args, ci.bindings)
			class := ""
			if ok {
				class = a.orderClass(kx)
			} else {
				class = orderClassIn(ci.callee, x.Key)
			}
			if class == "" {
				continue
			}
			// The callee's locks, held while the callback runs.
			for _, l := range held {
				e := OrderEdge{Fn: a.fn, FromClass: l.Class, Class: class, FromMode: l.Mode, Mode: x.Mode,
					FromPos: pos, Pos: pos, Inner: x.inner, Where: x.Where, Via: append([]string(nil), x.Via...),
					Note: fmt.Sprintf("in a callback: %s calls it at %s while holding %s%s", chain, cb.Where, l.Class, readSuffix(l.Mode))}
				if ok {
					e.ToOwned = owned(kx)
				}
				for _, g := range held {
					if g.Class != l.Class {
						e.Gates = append(e.Gates, Gate{Class: g.Class, Mode: g.Mode})
					}
				}
				a.addOrder(e, s, b)
			}
			// Ours, held while the callee runs it.
			full := append(append(append([]string(nil), via...), ci.name), x.Via...)
			if !ok {
				continue
			}
			if x.Must || x.OnSuccess {
				if h, held := s.mustHeld(kx); held {
					shown := strings.Join(append([]string{info.name}, cb.Via...), " → ")
					a.callbackLockEvent(pos, kx, x.Mode, h, info.name, shown, cb.Where, x)
				}
			}
			a.noteAcquire(s, b, kx, x.Mode, pos, x.inner, x.Where, full, false, false, false)
		}
	}
}

func readSuffix(m Mode) string {
	if m == Read {
		return " (read)"
	}
	return ""
}

// callbackLockEvent reports a callback that acquires a lock the caller
// holds while the callee runs it.
func (a *funcAnalysis) callbackLockEvent(pos token.Pos, k Key, m Mode, h Held, callee, chain, where string, x Acquire) {
	if h.Mode == Mixed || h.Mode == Maybe || m == Read && h.Mode == Read {
		return // a recursive read lock through a callback: not proven to conflict
	}
	name := a.name(k)
	lock := "Lock"
	if m == Read {
		lock = "RLock"
	}
	inner := ""
	if len(x.Via) > 0 {
		inner = strings.Join(x.Via, " → ") + " → "
	}
	msg := fmt.Sprintf("the callback passed to %s acquires %s, which is already held here (%s): %s calls it at %s → %s%s at %s; Go mutexes are not reentrant, so this blocks forever",
		callee, name, h.Mode, chain, where, inner, lock, x.Where)
	ev := Event{Kind: DoubleLockCall, Fn: a.fn, Pos: pos, Lock: name, Message: msg, root: a.rootVar(k)}
	if h.Pos.IsValid() {
		ev.Related = append(ev.Related, analysis.RelatedInformation{Pos: h.Pos, Message: name + " first acquired here"})
	}
	if x.inner.IsValid() {
		ev.Related = append(ev.Related, analysis.RelatedInformation{Pos: x.inner, Message: "the callback acquires " + name + " here"})
	}
	a.events = append(a.events, ev)
}

// orderClassIn is the order class of summary key k in the frame of fn.
func orderClassIn(fn *ssa.Function, k SumKey) string {
	key := Key{Base: k.Base, Index: k.Index, Name: k.Name, Path: k.Path, Class: k.Class}
	if fn == nil || len(fn.Params) == 0 && k.Base == BaseParam {
		return k.Class
	}
	return (&funcAnalysis{fn: fn}).orderClass(key)
}

// ImplEdges resolves an edge to the pseudo class of an interface call
// (see [InvokeClass]) against this package's implementations: for each
// named type of the package whose method implements iface.method and
// acquires locks, one edge per acquired lock, born in the implementation
// (Fn), with from's FromClass, FromMode and Gates. Pos is the
// acquisition in the implementation (the Lock call, or the call through
// which it acquires the lock), FromPos the same, Via the chain inside.
func (r *Result) ImplEdges(iface, method string, from OrderEdge) []OrderEdge {
	if r == nil || r.pkg == nil || r.prog == nil {
		return nil
	}
	impls, it := r.implementations(iface, method)
	libs := map[string]bool{iface[:max(strings.LastIndexByte(iface, '.'), 0)]: true}
	if p := classPackage(from.FromClass); p != "" {
		libs[p] = true
	}
	var out []OrderEdge
	for _, fn := range impls {
		if !r.registeredWith(fn, it, libs) {
			continue // no value of the type is handed to the library
		}
		sum := r.Summary(fn)
		if sum == nil || sum.Unknown {
			continue
		}
		for _, x := range sum.Acquires {
			if x.Reacquire {
				continue
			}
			class := orderClassIn(fn, x.Key)
			if class == "" || class == from.FromClass {
				continue
			}
			p := x.pos
			if !p.IsValid() {
				p = fn.Pos()
			}
			out = append(out, OrderEdge{Fn: fn, FromClass: from.FromClass, Class: class, FromMode: from.FromMode, Mode: x.Mode,
				FromPos: p, Pos: p, Inner: x.inner, Where: x.Where, Via: append([]string(nil), x.Via...), Gates: from.Gates})
		}
	}
	return out
}

// classPackage returns the package path of an order class
// ("pkgpath.Type.field" or "pkgpath.global"), or "".
func classPackage(class string) string {
	slash := strings.LastIndexByte(class, '/')
	i := strings.IndexByte(class[slash+1:], '.')
	if i < 0 {
		return ""
	}
	return class[:slash+1+i]
}

// registeredWith reports whether a value of the receiver type of method
// fn is converted to an interface that has the methods of it (the
// interface the library calls) and handed to one of the packages libs:
// passed to a function or method declared there, or stored into a field
// of a struct type declared there. This is the evidence that the library
// may call it; a type that merely implements the interface (a child
// balancer of another parent, a mirror) is not what the library holds.
func (r *Result) registeredWith(fn *ssa.Function, it *types.Interface, libs map[string]bool) bool {
	sig, ok := fn.Object().Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	named := namedOf(sig.Recv().Type())
	if named == nil {
		return false
	}
	r.regOnce.Do(r.scanRegistrations)
	for _, reg := range r.registered[named.Obj()] {
		if libs[reg.pkg] && types.Implements(reg.as, it) {
			return true
		}
	}
	return false
}

// registration is a value of a named type handed to package pkg as the
// interface type as.
type registration struct {
	pkg string
	as  types.Type
}

func namedOf(t types.Type) *types.Named {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

// scanRegistrations records, for each named type of the package, the
// packages its values are handed to as interface values.
func (r *Result) scanRegistrations() {
	r.registered = map[*types.TypeName][]registration{}
	var mi *ssa.MakeInterface
	note := func(t types.Type, pkg *types.Package) {
		n := namedOf(t)
		if n == nil || pkg == nil || n.Obj().Pkg() != r.pkg {
			return
		}
		if _, ok := mi.Type().Underlying().(*types.Interface); !ok {
			return
		}
		reg := registration{pkg.Path(), mi.Type()}
		for _, x := range r.registered[n.Obj()] {
			if x.pkg == reg.pkg && types.Identical(x.as, reg.as) {
				return
			}
		}
		if len(r.registered[n.Obj()]) < 32 {
			r.registered[n.Obj()] = append(r.registered[n.Obj()], reg)
		}
	}
	for _, fn := range r.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var ok bool
				mi, ok = instr.(*ssa.MakeInterface)
				if !ok || mi.Referrers() == nil {
					continue
				}
				for _, ref := range *mi.Referrers() {
					switch ref := ref.(type) {
					case ssa.CallInstruction:
						c := ref.Common()
						if c.IsInvoke() {
							note(mi.X.Type(), c.Method.Pkg())
						} else if callee := c.StaticCallee(); callee != nil {
							if obj, ok := callee.Object().(*types.Func); ok {
								note(mi.X.Type(), obj.Pkg())
							}
						}
					case *ssa.Store:
						if fa, ok := ref.Addr.(*ssa.FieldAddr); ok && ref.Val == ssa.Value(mi) {
							if n := namedOf(fa.X.Type()); n != nil {
								note(mi.X.Type(), n.Obj().Pkg())
							}
						}
					}
				}
			}
		}
	}
}

// implementations returns the methods of the package's named types that
// implement method of the interface iface ("pkgpath.Name"), by position.
func (r *Result) implementations(iface, method string) ([]*ssa.Function, *types.Interface) {
	k := [2]string{iface, method}
	r.implMu.Lock()
	defer r.implMu.Unlock()
	if e, ok := r.impls[k]; ok {
		return e.fns, e.it
	}
	if r.impls == nil {
		r.impls = make(map[[2]string]implSet)
		r.implTypes = make(map[string]implTypes)
	}
	t, ok := r.implTypes[iface]
	if !ok {
		t = r.findImplTypes(iface)
		r.implTypes[iface] = t
	}
	var fns []*ssa.Function
	for _, recv := range t.recvs {
		obj, _, _ := types.LookupFieldOrMethod(recv, true, t.pkg, method)
		if m, ok := obj.(*types.Func); ok {
			if fn := r.prog.FuncValue(m); fn != nil {
				fns = append(fns, fn)
			}
		}
	}
	sort.Slice(fns, func(i, j int) bool { return fns[i].Pos() < fns[j].Pos() })
	r.impls[k] = implSet{fns, t.it}
	return fns, t.it
}

type implSet struct {
	fns []*ssa.Function
	it  *types.Interface
}

// implTypes are the package's named types that implement an interface
// (the named type or its pointer, whichever does), with the interface and
// its package: what implementations needs per interface, computed once
// for all its methods.
type implTypes struct {
	pkg   *types.Package
	it    *types.Interface
	recvs []types.Type
}

// findImplTypes is implTypes without the memo.
func (r *Result) findImplTypes(iface string) implTypes {
	i := strings.LastIndexByte(iface, '.')
	if i <= 0 {
		return implTypes{}
	}
	ipkg := findPackage(r.pkg, iface[:i])
	if ipkg == nil {
		return implTypes{}
	}
	tn, ok := ipkg.Scope().Lookup(iface[i+1:]).(*types.TypeName)
	if !ok {
		return implTypes{}
	}
	it, ok := tn.Type().Underlying().(*types.Interface)
	if !ok {
		return implTypes{}
	}
	out := implTypes{pkg: ipkg, it: it}
	if r.concrete == nil {
		r.concrete = concreteTypes(r.pkg)
	}
	for _, named := range r.concrete {
		switch {
		case types.Implements(named, it):
			out.recvs = append(out.recvs, named)
		case types.Implements(types.NewPointer(named), it):
			out.recvs = append(out.recvs, types.NewPointer(named))
		}
	}
	return out
}

// concreteTypes returns the package's non-generic, non-interface named
// types, in scope order.
func concreteTypes(pkg *types.Package) []*types.Named {
	out := []*types.Named{} // non-nil: computed
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || named.TypeParams().Len() > 0 {
			continue
		}
		if _, isIface := named.Underlying().(*types.Interface); isIface {
			continue
		}
		out = append(out, named)
	}
	return out
}

// findPackage finds the package with the given path among pkg and its
// transitive imports.
func findPackage(pkg *types.Package, path string) *types.Package {
	seen := map[*types.Package]bool{}
	stack := []*types.Package{pkg}
	for len(stack) > 0 && len(seen) < 5000 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[p] {
			continue
		}
		seen[p] = true
		if p.Path() == path {
			return p
		}
		stack = append(stack, p.Imports()...)
	}
	return nil
}

// invokeID identifies the invokes of a summary that normInvokes merges.
type invokeID struct {
	iface, method string
	param         int
}

// betterInvoke reports whether an invoke k with a chain of n calls at
// where would replace the one the summary has for k in normInvokes
// (shorter chain, then earlier position; the first of equals stays).
func (a *funcAnalysis) betterInvoke(k invokeID, n int, where string) bool {
	i, ok := a.invokeAt[k]
	if !ok {
		return true
	}
	b := a.sum.Invokes[i]
	return n < len(b.Via) || n == len(b.Via) && where < b.Where
}

// addInvoke adds iv to the summary, unless it already has a better one
// for the same interface method and parameter: normInvokes would drop iv.
func (a *funcAnalysis) addInvoke(iv Invoke) {
	if a.pc.entries[a.fn] {
		return // a test entry no code names: no caller reads its summary
	}
	k := invokeID{iv.Iface, iv.Method, iv.Param}
	if !a.betterInvoke(k, len(iv.Via), iv.Where) {
		return
	}
	if a.invokeAt == nil {
		a.invokeAt = make(map[invokeID]int)
	}
	a.invokeAt[k] = len(a.sum.Invokes)
	a.sum.Invokes = append(a.sum.Invokes, iv)
}
