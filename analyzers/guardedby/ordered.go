package guardedby

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/lockset"
	"github.com/conclint/conclint/internal/ssacfg"
	"github.com/conclint/conclint/internal/syncapi"
)

// This file recognises accesses made without the guard that are ordered
// against the guarded writes by something else than the lock (principle:
// unknown code behaves well; these are the orderings real code uses
// instead of the lock, measured in docs/evaluation/guardedby.md):
//
//   - a read after a receive from a channel of the same object (a
//     handshake result read after the handshake goroutine signals on the
//     object's own channel: crypto/tls's QUICConn);
//   - a read in a goroutine body when every write is made by the function
//     that starts the goroutine, before its go statement (a field set up
//     under the lock, then the goroutine that reads it is started:
//     runtime/pprof's cpu.done).

// afterOwnRecv reports whether the read a comes, on every path, after a
// receive from a channel held in a field of one of a's owners, the
// receive not repeated around the read (a loop receiving work and
// touching the state on each round is not a handover).
func (pc *passCtx) afterOwnRecv(a *access) bool {
	if a.kind&kWrite != 0 || len(a.owners) == 0 || a.instr.Block() == nil {
		return false
	}
	ab := a.instr.Block()
	for _, b := range a.fn.Blocks {
		for _, instr := range b.Instrs {
			u, ok := instr.(*ssa.UnOp)
			if !ok || u.Op != token.ARROW {
				continue
			}
			if !ssacfg.Before(u, a.instr) {
				continue
			}
			if inLoop(b) && ssacfg.ReachStrict(ab, ssacfg.Succs)[b] {
				continue // the receive and the read repeat together
			}
			if pc.ownChannel(a, u.X) {
				return true
			}
		}
	}
	return false
}

// ownChannel reports whether ch is loaded from a field of an object that
// is one of a's owners.
func (pc *passCtx) ownChannel(a *access, ch ssa.Value) bool {
	ld, ok := ch.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return false
	}
	fa, ok := ld.X.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	keys, _ := pc.ownerChain(a.fc, fa.X)
	for _, k := range keys {
		for _, o := range a.owners {
			if lockset.Same(k, o) {
				return true
			}
		}
	}
	return false
}

// writtenBeforeStart reports whether the read a runs in a goroutine whose
// every start is preceded by every write of the field: the goroutine body
// is a's only root, all its go statements are in one function, and every
// write is made in that function where no go statement of the body can
// have run before it.
func (pc *passCtx) writtenBeforeStart(a *access, writes []*access) bool {
	if a.kind&kWrite != 0 || len(writes) == 0 {
		return false
	}
	pc.computeRoots()
	root := pc.soleRoot(a.fn)
	if root == nil {
		return false
	}
	sites := pc.goSites[root]
	if len(sites) == 0 {
		return false
	}
	spawner := sites[0].Parent()
	for _, g := range sites {
		if g.Parent() != spawner {
			return false
		}
	}
	for _, w := range writes {
		if w.fn != spawner {
			return false
		}
		for _, g := range sites {
			if ssacfg.MayFollow(g, w.instr) {
				return false
			}
		}
	}
	return true
}

// afterJoin reports whether the read a comes, on every path, after a
// WaitGroup or errgroup Wait in a function that starts goroutines before
// that Wait: the function joined its workers before reading what they
// wrote (a total printed after wg.Wait).
func afterJoin(a *access) bool {
	if a.kind&kWrite != 0 || a.instr.Block() == nil {
		return false
	}
	var waits []ssa.Instruction
	var gos []ssa.Instruction
	for _, b := range a.fn.Blocks {
		for _, instr := range b.Instrs {
			switch ci := instr.(type) {
			case *ssa.Go:
				gos = append(gos, ci)
			case *ssa.Call:
				if op, _ := syncapi.CallOp(ci.Common()); op == syncapi.WGWait || op == syncapi.ErrgroupWait {
					waits = append(waits, ci)
				}
			}
		}
	}
	for _, w := range waits {
		if !ssacfg.Before(w, a.instr) {
			continue
		}
		for _, g := range gos {
			if ssacfg.MayFollow(g, w) && !ssacfg.MayFollow(w, g) {
				return true
			}
		}
	}
	return false
}

// commonLock reports whether the read a holds some lock that every write
// of the field holds for writing: another lock than the inferred or
// declared guard orders it (a copy made under a registry's lock that every
// writer of the field also holds).
func commonLock(a *access, writes []*access) bool {
	if a.kind&kWrite != 0 || len(writes) == 0 {
		return false
	}
	for g := range a.guards() {
		all := true
		for _, w := range writes {
			if w.holds(g)&lockset.Write == 0 {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// callersHold reports whether every call of fn outside the package's
// tests runs with a lock of the guard's class held (for a write, held for
// writing), directly or because the caller's own callers hold it (two
// levels). The lock engine's held-on-entry sets need every caller; a test
// that calls an internal helper directly, without the lock, is not a
// concurrent caller. Class, not instance: the silent side.
func (pc *passCtx) callersHold(fn *ssa.Function, a *access, g guard, depth int) bool {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if depth > 2 || pc.valueUsed[fn] || pc.inTestFile(fn.Pos()) {
		return false
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj.Exported() {
		return false // callers in other packages are not seen
	}
	class := ""
	if g.global == "" {
		if g.up >= len(a.ownerTypes) {
			return false
		}
		class = guardClass(a.ownerTypes[g.up], g.path)
		if class == "" {
			return false
		}
	}
	matches := func(h lockset.HeldLock) bool {
		if h.Mode == lockset.Maybe || (a.kind&kWrite != 0 && h.Mode&lockset.Write == 0) {
			return false
		}
		if g.global != "" {
			return h.Key.Base == lockset.BaseGlobal && h.Key.Name == g.global && h.Key.Path == g.path
		}
		return h.Key.Class == class
	}
	seen := 0
	for _, site := range pc.callSites[fn] {
		switch site.(type) {
		case *ssa.Go, *ssa.Defer:
			return false
		}
		caller := site.Parent()
		if pc.inTestFile(site.Pos()) {
			continue
		}
		seen++
		held := false
		if cfc := pc.fcs[caller]; cfc != nil && len(site.Common().Args) > 0 && !site.Common().IsInvoke() {
			// The receiver (first argument) is not shared yet at the
			// call: a setup call on an object being built.
			if k, ok := cfc.keyer.Key(site.Common().Args[0]); ok && (cfc.exempt == exOwned || pc.owned(cfc, k, site)) {
				held = true
			}
		}
		for _, h := range pc.locks.HeldAt(site) {
			held = held || matches(h)
		}
		if cfc := pc.fcs[caller]; cfc != nil {
			for _, h := range cfc.entry {
				held = held || matches(h)
			}
		}
		if !held && !pc.callersHold(caller, a, g, depth+1) {
			return false
		}
	}
	return seen > 0
}
