package guardedby

import (
	"fmt"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/lockset"
	"github.com/conclint/conclint/internal/syncapi"
)

// This file reports fields and package variables updated with sync/atomic
// functions in one place and accessed plainly in another: the plain access
// races with the atomic ones (an RLock does not order a plain read against
// atomic writers). Typed atomics (atomic.Int64) cannot be accessed plainly
// and are never targets.

// checkAtomic reports the plain accesses of targets that are also accessed
// atomically, one per function.
func (pc *passCtx) checkAtomic() {
	type info struct {
		atomics []*access
		plain   []*access
	}
	byTarget := map[*types.Var]*info{}
	var order []*types.Var
	for _, a := range pc.accesses {
		in := byTarget[a.target]
		if in == nil {
			in = &info{}
			byTarget[a.target] = in
			order = append(order, a.target)
		}
		if a.kind.atomic() {
			in.atomics = append(in.atomics, a)
		} else {
			in.plain = append(in.plain, a)
		}
	}
	for _, obj := range order {
		in := byTarget[obj]
		_, annotated := pc.an.atomic[obj]
		if len(in.atomics) == 0 && !annotated {
			continue
		}
		reported := map[string]bool{}
		for _, a := range in.plain {
			if a.exempt != exNone || a.elem || a.kind&kAddr != 0 {
				continue // before publication, in tests, through a pointer handed out
			}
			if a.kind&kRead != 0 && (pc.lockOrdersRead(a, in.atomics) || casValidated(a) || afterJoin(a)) {
				continue
			}
			key := a.fn.String()
			if reported[key] {
				continue
			}
			reported[key] = true
			verb := "read"
			line := pc.line(a.pos)
			for _, b := range in.plain {
				if b.fn == a.fn && b.kind&kWrite != 0 && pc.line(b.pos) == line {
					verb = "written" // n++: a load and a store
				}
			}
			evidence := "it is accessed atomically elsewhere"
			var rel []analysis.RelatedInformation
			if len(in.atomics) > 0 {
				rel = append(rel, analysis.RelatedInformation{Pos: in.atomics[0].pos, Message: "accessed atomically here"})
			} else {
				evidence = "it is annotated +checkatomic"
			}
			pc.report(a.pos, catAtomic, fmt.Sprintf("%s is %s without sync/atomic: %s", a.expr(), verb, evidence), rel...)
		}
	}
}

// casValidated reports whether a plain read only guesses the old value of
// a compare-and-swap (old := m.state; CompareAndSwap(&m.state, old, new)):
// the CAS checks it, so a stale read costs a retry, not correctness.
func casValidated(a *access) bool {
	load, ok := a.instr.(*ssa.UnOp)
	if !ok || load.Referrers() == nil {
		return false
	}
	for _, ref := range *load.Referrers() {
		c, ok := ref.(*ssa.Call)
		if !ok {
			continue
		}
		if fn := syncapi.Callee(&c.Call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "sync/atomic" && strings.HasPrefix(fn.Name(), "CompareAndSwap") {
			return true
		}
	}
	return false
}

// lockOrdersRead reports whether a plain read is ordered against every
// atomic write by a lock: some lock held for writing at the read is held
// for writing at each atomic write (the slow path of a double-checked
// read).
func (pc *passCtx) lockOrdersRead(a *access, atomics []*access) bool {
	for g, m := range a.guards() {
		if m&lockset.Write == 0 {
			continue
		}
		all := true
		for _, w := range atomics {
			if w.kind&kAtomicWrite == 0 {
				continue
			}
			if w.exempt != exNone {
				continue
			}
			if wm := w.holds(g); wm&lockset.Write == 0 {
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
