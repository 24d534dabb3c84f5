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
