package goroutineleak

import (
	"fmt"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/chanmodel"
	"github.com/conclint/conclint/internal/ssacfg"
	"github.com/conclint/conclint/internal/syncapi"
)

// ---- sub-case 5: Wait for a goroutine that can skip Done ----

func (c *checker) checkWaitGroup(g *chanmodel.Goroutine) {
	if g.Kind != chanmodel.GoStmt || g.Entry.Parent() == nil {
		return // wg.Go calls Done itself; named functions may be called elsewhere
	}
	E, S := g.Entry, g.Spawner
	var dones []ssa.Instruction
	var wgE ssa.Value
	for _, b := range E.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			op, recv := syncapi.CallOp(ci.Common())
			if _, isDefer := instr.(*ssa.Defer); isDefer {
				return // a deferred call may be Done (or call it)
			}
			if op != syncapi.WGDone {
				continue
			}
			if wgE != nil && wgE != recv {
				return // several groups: keep it simple
			}
			wgE = recv
			dones = append(dones, instr)
		}
	}
	if wgE == nil {
		return
	}
	// The group as seen by the spawner.
	fv, ok := wgE.(*ssa.FreeVar)
	if !ok || len(c.closures[E]) != 1 {
		return
	}
	var wgS ssa.Value
	for i, x := range E.FreeVars {
		if x == fv && i < len(c.closures[E][0].Bindings) {
			wgS = c.closures[E][0].Bindings[i]
		}
	}
	if wgS == nil {
		return
	}
	// The group is used in the goroutine only by Done (no helper that may
	// call Done for it).
	if refs := fv.Referrers(); refs != nil {
		for _, r := range *refs {
			ci, ok := r.(ssa.CallInstruction)
			if !ok {
				return
			}
			if op, _ := syncapi.CallOp(ci.Common()); op != syncapi.WGDone {
				return
			}
		}
	}
	// The spawner: Add before the go statement, Wait after it, on the same
	// group.
	var add, wait *ssa.Call
	for _, b := range S.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			op, recv := syncapi.CallOp(call.Common())
			if recv != wgS {
				continue
			}
			switch op {
			case syncapi.WGAdd:
				add = call
			case syncapi.WGWait:
				if wait == nil && ssacfg.MayFollow(g.Instr, call) {
					wait = call
				}
			}
		}
	}
	if add != nil && wait == nil {
		wait = c.closerWait(S, g, wgS)
	}
	if add == nil || wait == nil {
		return
	}
	isDone := func(instr ssa.Instruction) bool {
		for _, d := range dones {
			if d == instr {
				return true
			}
		}
		return false
	}
	w := findWay(search{
		fn:       E,
		cut:      isDone,
		relevant: func(*ssa.Select) bool { return false },
		cutCase:  func(*ssa.Select, int) bool { return false },
	})
	if w == nil || !w.ret.Pos().IsValid() {
		return
	}
	c.diags = append(c.diags, analysis.Diagnostic{
		Pos:      wait.Pos(),
		Category: catWGSkip,
		Message:  fmt.Sprintf("WaitGroup.Wait can block forever: the goroutine started at line %d can return at line %d without calling Done", c.pass.Fset.Position(g.Pos()).Line, c.pass.Fset.Position(w.ret.Pos()).Line),
		Related: []analysis.RelatedInformation{
			{Pos: g.Pos(), Message: "goroutine started here"},
			{Pos: w.ret.Pos(), Message: "the goroutine returns here without calling Done"},
		},
	})
}

// closerWait returns the Wait on wgS in another goroutine the spawner
// starts after g, the closer of the fan-in idiom
// (go func() { wg.Wait(); close(out) }()), or nil.
func (c *checker) closerWait(spawner *ssa.Function, g *chanmodel.Goroutine, wgS ssa.Value) *ssa.Call {
	for _, o := range c.model.Goroutines {
		if o == g || o.Spawner != spawner || o.Entry == nil || o.Entry.Parent() != spawner || !ssacfg.MayFollow(g.Instr, o.Instr) {
			continue
		}
		mc, ok := o.Instr.Common().Value.(*ssa.MakeClosure)
		if !ok {
			continue
		}
		for i, b := range mc.Bindings {
			if b != wgS || i >= len(o.Entry.FreeVars) {
				continue
			}
			fv := o.Entry.FreeVars[i]
			refs := fv.Referrers()
			if refs == nil {
				continue
			}
			for _, r := range *refs {
				call, ok := r.(*ssa.Call)
				if !ok {
					continue
				}
				if op, recv := syncapi.CallOp(call.Common()); op == syncapi.WGWait && recv == fv {
					return call
				}
			}
		}
	}
	return nil
}

// checkFieldWaitGroup is sub-case 5 for a WaitGroup field: the goroutine
// runs a function that calls Done on the field directly, never in a defer,
// and can return without it, while another function Waits on the field
// (Close waiting for its workers). The field's every use is known
// (chanmodel.Field), the spawner Adds to it, and no other function of the
// goroutine calls Done for it.
func (c *checker) checkFieldWaitGroup(g *chanmodel.Goroutine) {
	if g.Kind != chanmodel.GoStmt || len(g.Runs) != 1 {
		return
	}
	E := g.Runs[0]
	if tooBig(E) {
		return
	}
	body := c.model.Body(g)
	for _, f := range c.model.Fields {
		if f.Kind != chanmodel.WaitGroupField || f.Unknown {
			continue
		}
		var dones []ssa.Instruction
		elsewhere, added := false, false
		for _, o := range f.Ops {
			switch o.Kind {
			case chanmodel.FieldDone:
				if o.Fn == E && !o.Deferred {
					dones = append(dones, o.Instr)
				} else if body[o.Fn] {
					elsewhere = true // a deferred Done, or Done in a helper
				}
			case chanmodel.FieldAdd:
				if o.Fn == g.Spawner && ssacfg.MayFollow(o.Instr, g.Instr) {
					added = true
				}
			case chanmodel.FieldGo:
				elsewhere = true
			}
		}
		if len(dones) == 0 || elsewhere || !added || hasDefer(E) {
			continue
		}
		done := make(map[ssa.Instruction]bool)
		for _, d := range dones {
			done[d] = true
		}
		w := findWay(search{
			fn:       E,
			cut:      func(instr ssa.Instruction) bool { return done[instr] },
			relevant: func(*ssa.Select) bool { return false },
			cutCase:  func(*ssa.Select, int) bool { return false },
		})
		if w == nil || !w.ret.Pos().IsValid() {
			continue
		}
		for _, o := range f.OpsOf(chanmodel.FieldWait) {
			if body[o.Fn] || o.Deferred {
				continue // the goroutine waiting for itself is another bug
			}
			c.diags = append(c.diags, analysis.Diagnostic{
				Pos:      o.Pos,
				Category: catWGSkip,
				Message:  fmt.Sprintf("WaitGroup.Wait can block forever: the goroutine started at line %d can return at line %d without calling Done", c.pass.Fset.Position(g.Pos()).Line, c.pass.Fset.Position(w.ret.Pos()).Line),
				Related: []analysis.RelatedInformation{
					{Pos: g.Pos(), Message: "goroutine started here"},
					{Pos: w.ret.Pos(), Message: "the goroutine returns here without calling Done"},
				},
			})
		}
	}
}

func hasDefer(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Defer); ok {
				return true
			}
		}
	}
	return false
}
