package guardedby

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/lockset"
	"github.com/conclint/conclint/internal/syncapi"
)

// This file decides, per function, what holds on entry: the locks the
// caller holds (the engine's summary of a function that releases a lock it
// did not take, checklocks annotations, the …Locked convention, the
// enclosing function for a closure called in place) and whether the
// function's accesses are exempt as a whole (package initialisation, tests,
// debug dumps, setup helpers of constructors).

// funcCtxOf returns the (memoized) context of fn.
func (pc *passCtx) funcCtxOf(fn *ssa.Function) *funcCtx {
	if fc, ok := pc.fcs[fn]; ok {
		return fc
	}
	fc := &funcCtx{pc: pc, fn: fn, keyer: lockset.NewKeyer(fn)}
	pc.fcs[fn] = fc // before the recursion below: cycles see a partial context
	fc.exempt = pc.funcExemption(fn)
	fc.entry = pc.entryLocks(fc)
	fc.ownedParams = pc.ownedParamsOf(fn)
	return fc
}

// outermost returns the function a closure is declared in.
func outermost(fn *ssa.Function) *ssa.Function {
	for i := 0; fn.Parent() != nil && i < 16; i++ {
		fn = fn.Parent()
	}
	return fn
}

// funcExemption is the exemption every access of fn has.
func (pc *passCtx) funcExemption(fn *ssa.Function) exemption {
	top := outermost(fn)
	if top.Synthetic == "package initializer" || (top.Name() == "init" || strings.HasPrefix(top.Name(), "init#")) && top.Signature.Recv() == nil {
		return exInit
	}
	if pc.inTestFile(fn.Pos()) || pc.inTestFile(top.Pos()) {
		return exTest
	}
	// Run by sync.Once.Do: ordered before every later Do returns.
	for f := fn; f != nil; f = f.Parent() {
		if pc.onceRun[f] {
			return exInit
		}
		if obj, ok := f.Object().(*types.Func); ok && pc.onceRun[obj] && len(pc.callSites[f]) == 0 {
			return exInit
		}
	}
	for f := fn; f != nil; f = f.Parent() {
		if obj, ok := f.Object().(*types.Func); ok {
			if n := pc.an.funcs[obj]; n != nil {
				if n.ignore {
					return exIgnore
				}
				if n.wildcard {
					return exWild
				}
			}
			if pc.docRequiresLock(obj) {
				return exWild
			}
		}
	}
	if isDebugFunc(top) {
		return exDebug
	}
	if pc.initOnly(top, 0) {
		return exInit
	}
	return exNone
}

// initOnly reports whether fn is called only, through static calls of
// the package, from package initialisation (bootstrap helpers).
func (pc *passCtx) initOnly(fn *ssa.Function, depth int) bool {
	sites := pc.callSites[fn]
	if len(sites) == 0 || pc.valueUsed[fn] || depth > 3 {
		return false
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj.Exported() {
		return false
	}
	for _, s := range sites {
		caller := outermost(s.Parent())
		if caller == fn {
			return false
		}
		isInit := caller.Synthetic == "package initializer" || (caller.Name() == "init" || strings.HasPrefix(caller.Name(), "init#")) && caller.Signature.Recv() == nil
		if !isInit && !pc.initOnly(caller, depth+1) {
			return false
		}
	}
	return true
}

// isDebugFunc reports whether fn formats its receiver for people: String,
// GoString, Format, or a dump/debug helper.
func isDebugFunc(fn *ssa.Function) bool {
	name := fn.Name()
	switch name {
	case "String", "GoString", "Format":
		return fn.Signature.Recv() != nil
	}
	l := strings.ToLower(name)
	return strings.HasPrefix(l, "dump") || strings.HasPrefix(l, "debug") || strings.HasSuffix(l, "dump")
}

// entryLocks returns the locks held on entry to fn as keys of fn.
func (pc *passCtx) entryLocks(fc *funcCtx) []lockset.HeldLock {
	fn := fc.fn
	// What every caller in the package holds (helpers, closures called in
	// place).
	out := append([]lockset.HeldLock(nil), pc.locks.HeldOnEntry(fn)...)
	// The engine's contract: a function that releases a lock it did not
	// acquire runs with it held.
	if s := pc.locks.Summary(fn); s != nil && !s.Unknown {
		for _, r := range s.Requires {
			k := lockset.FromSum(r)
			out = append(out, lockset.HeldLock{Key: k, Mode: lockset.Write, Name: fc.keyer.Display(k), Pos: fn.Pos()})
		}
	}
	// +checklocks:p.mu.
	if obj, ok := fn.Object().(*types.Func); ok {
		if n := pc.an.funcs[obj]; n != nil {
			for _, r := range n.requires {
				k := lockset.Key{Base: lockset.BaseParam, Index: r.param, Path: r.path}
				m := lockset.Write
				if r.read {
					m = lockset.Read
				}
				out = append(out, lockset.HeldLock{Key: k, Mode: m, Name: fc.keyer.Display(k), Pos: fn.Pos()})
			}
		}
	}
	// A closure called where it is made runs with its maker's locks.
	if fn.Parent() != nil {
		held, wild := pc.closureEntry(fc)
		if wild && fc.exempt == exNone {
			fc.exempt = exWild
		}
		out = append(out, held...)
	}
	return out
}

// closureEntry returns the locks held on entry to a closure, translated to
// its free variables: the locks held (in its maker, on entry included)
// wherever it is called in place or handed to a call, intersected over its
// uses. A goroutine, a stored or returned closure starts with nothing; a
// deferred one runs at an exit whose locks we do not compute (wild).
func (pc *passCtx) closureEntry(fc *funcCtx) (held []lockset.HeldLock, wild bool) {
	fn := fc.fn
	parent := fn.Parent()
	pfc := pc.funcCtxOf(parent)
	var mc *ssa.MakeClosure
	var val ssa.Value = fn
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if m, ok := instr.(*ssa.MakeClosure); ok && m.Fn == fn {
				mc, val = m, m
			}
		}
	}
	refs := val.Referrers()
	if mc == nil {
		// No free variables: fn is used as a value by its parent; find its
		// uses there.
		var uses []ssa.Instruction
		var ops []*ssa.Value
		for _, b := range parent.Blocks {
			for _, instr := range b.Instrs {
				for _, op := range instr.Operands(ops[:0]) {
					if *op == fn {
						uses = append(uses, instr)
					}
				}
			}
		}
		refs = &uses
	}
	if refs == nil || len(*refs) == 0 {
		return nil, false
	}
	var sets [][]lockset.HeldLock
	for _, ref := range *refs {
		switch r := ref.(type) {
		case *ssa.Call:
			if op, _ := syncapi.CallOp(&r.Call); op == syncapi.WGGo || op == syncapi.ErrgroupGo || op == syncapi.ErrgroupTryGo {
				return nil, false // a goroutine
			}
			if c := syncapi.Callee(&r.Call); c != nil && c.FullName() == "time.AfterFunc" {
				return nil, false
			}
			at := append(pc.locks.HeldAt(r), pfc.entry...)
			at = append(at, pc.callbackHeld(pfc, r, val)...)
			sets = append(sets, pc.translate(pfc, mc, at))
			if pfc.exempt == exWild {
				wild = true
			}
		case *ssa.Defer:
			return nil, true
		case *ssa.DebugRef:
		default:
			return nil, false // a goroutine, stored, returned: runs whenever
		}
	}
	if len(sets) == 0 {
		return nil, wild
	}
	held = sets[0]
	for _, s := range sets[1:] {
		var keep []lockset.HeldLock
		for _, h := range held {
			for _, o := range s {
				if lockset.Same(h.Key, o.Key) {
					keep = append(keep, h)
					break
				}
			}
		}
		held = keep
	}
	return held, wild
}

// callbackHeld returns the locks (as keys of the caller) that a callee of
// this package holds whenever it calls the function value passed as an
// argument: withLock(dc, func() { ... }) runs the closure with dc locked.
func (pc *passCtx) callbackHeld(cfc *funcCtx, call *ssa.Call, fnVal ssa.Value) []lockset.HeldLock {
	callee, _ := call.Call.Value.(*ssa.Function)
	if callee == nil || len(callee.Blocks) == 0 {
		return nil
	}
	idx := -1
	for i, a := range call.Call.Args {
		if a == fnVal {
			idx = i
		}
	}
	if idx < 0 || idx >= len(callee.Params) {
		return nil
	}
	p := callee.Params[idx]
	var held []lockset.HeldLock
	n := 0
	for _, ref := range *p.Referrers() {
		c, ok := ref.(ssa.CallInstruction)
		if !ok || c.Common().Value != p {
			continue
		}
		if _, isCall := c.(*ssa.Call); !isCall {
			return nil // deferred or started with go
		}
		at := append(pc.locks.HeldAt(c), pc.locks.HeldOnEntry(callee)...)
		if n == 0 {
			held = at
		} else {
			var keep []lockset.HeldLock
			for _, h := range held {
				for _, o := range at {
					if lockset.Same(h.Key, o.Key) {
						keep = append(keep, h)
						break
					}
				}
			}
			held = keep
		}
		n++
	}
	// Into the caller's frame.
	var out []lockset.HeldLock
	for _, h := range held {
		switch h.Key.Base {
		case lockset.BaseGlobal:
			out = append(out, h)
		case lockset.BaseParam:
			if h.Key.Index >= len(call.Call.Args) {
				continue
			}
			k, ok := cfc.keyer.Key(call.Call.Args[h.Key.Index])
			if !ok {
				continue
			}
			k.Path += h.Key.Path
			k.Class = h.Key.Class
			out = append(out, lockset.HeldLock{Key: k, Mode: h.Mode, Name: h.Name, Pos: h.Pos})
		}
	}
	return out
}

// translate maps locks of the parent (keys of pfc) to keys of the closure
// made by mc: a lock rooted at a captured value becomes a lock rooted at
// the free variable; package-level locks stay; the rest cannot be named in
// the closure and are dropped.
func (pc *passCtx) translate(pfc *funcCtx, mc *ssa.MakeClosure, at []lockset.HeldLock) []lockset.HeldLock {
	var out []lockset.HeldLock
	for _, h := range at {
		if h.Mode == lockset.Maybe {
			continue
		}
		if h.Key.Base == lockset.BaseGlobal {
			out = append(out, h)
			continue
		}
		if mc == nil {
			continue
		}
		for i, b := range mc.Bindings {
			bk, ok := pfc.keyer.Key(b)
			prefix := ""
			if a, isAlloc := b.(*ssa.Alloc); isAlloc {
				// Captured by reference: the closure loads the variable.
				if dk, ok2 := pfc.keyer.Deref(a); ok2 {
					bk, ok, prefix = dk, true, "*"
				}
			}
			if !ok || bk.Base != h.Key.Base || bk.Index != h.Key.Index || bk.Name != h.Key.Name || bk.Val != h.Key.Val {
				continue
			}
			rest, found := strings.CutPrefix(h.Key.Path, bk.Path)
			if !found {
				continue
			}
			k := lockset.Key{Base: lockset.BaseFreeVar, Index: i, Path: prefix + rest, Class: h.Key.Class}
			out = append(out, lockset.HeldLock{Key: k, Mode: h.Mode, Name: h.Name, Pos: h.Pos})
			break
		}
	}
	return out
}

// ownedParamsOf returns the parameters of fn through which it reaches only
// objects that no other goroutine sees yet: fn is unexported, never used as
// a value, and every call in the package passes a fresh local object (or
// an owned parameter of its own caller). These are the setup helpers of
// constructors (s.init() called by NewServer before it returns s).
func (pc *passCtx) ownedParamsOf(fn *ssa.Function) map[int]bool {
	sites := pc.callSites[fn]
	if len(sites) == 0 || pc.valueUsed[fn] || fn.Parent() != nil {
		return nil
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj.Exported() {
		return nil
	}
	out := map[int]bool{}
	for i := range fn.Params {
		ok := true
		for _, site := range sites {
			args := site.Common().Args
			if i >= len(args) {
				ok = false
				break
			}
			caller := site.Parent()
			if caller == fn || pc.depth > 3 {
				ok = false
				break
			}
			pc.depth++
			cfc := pc.funcCtxOf(caller)
			pc.depth--
			k, found := cfc.keyer.Key(args[i])
			if !found || !pc.owned(cfc, k, site) {
				ok = false
				break
			}
		}
		if ok {
			out[i] = true
		}
	}
	return out
}
