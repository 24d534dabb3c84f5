package goroutineleak

import (
	"fmt"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/chanmodel"
	"github.com/conclint/conclint/internal/ssacfg"
	"github.com/conclint/conclint/internal/syncapi"
)

// ---- sub-case 2: a receive nobody feeds ----

func (c *checker) checkRecvs(g *chanmodel.Goroutine) {
	S := g.Spawner
	reported := make(map[*chanmodel.Chan]bool)
	for _, op := range c.blockingOps(g, chanmodel.Recv, chanmodel.Range) {
		ch := op.Chans[0]
		if reported[ch] || !ch.Local() {
			continue // counterpart may be elsewhere
		}
		// Wakers: closes, and for a single receive also sends.
		var wakers []*chanmodel.Op
		elsewhere := false
		for _, o := range ch.Ops {
			if o.Kind == chanmodel.Close || (o.Kind == chanmodel.Send && op.Kind == chanmodel.Recv) {
				wakers = append(wakers, o)
				if !o.RunsIn(S) {
					elsewhere = true
				}
			}
			if o.Kind == chanmodel.Send && !o.RunsIn(S) {
				elsewhere = true // another goroutine feeds it
			}
		}
		if len(wakers) == 0 && !c.anySend(ch) {
			reported[ch] = true
			c.diags = append(c.diags, analysis.Diagnostic{
				Pos:      op.Pos,
				Category: catRecv,
				Message:  fmt.Sprintf("goroutine can block forever %s: no code sends on or closes the channel made at line %d", c.blockedOn(op), c.pass.Fset.Position(ch.Pos()).Line),
				Related: append(started(g, op.Pos),
					analysis.RelatedInformation{Pos: ch.Pos(), Message: "channel made here"}),
			})
			continue
		}
		if op.Kind == chanmodel.Range && op.Callee == nil && len(wakers) == 0 && c.rangeEndsOnlyOnClose(op) {
			// Fed but never closed: once the senders stop, the range waits
			// forever, and its body has no other way out.
			reported[ch] = true
			c.diags = append(c.diags, analysis.Diagnostic{
				Pos:      op.Pos,
				Category: catRecv,
				Message:  fmt.Sprintf("goroutine can block forever on this range: nothing closes the channel made at line %d, and the loop has no other exit", c.pass.Fset.Position(ch.Pos()).Line),
				Related: []analysis.RelatedInformation{
					{Pos: g.Pos(), Message: "goroutine started here"},
					{Pos: ch.Pos(), Message: "channel made here"},
				},
			})
			continue
		}
		if elsewhere || len(wakers) == 0 || ch.Fn != S {
			continue
		}
		var sites []ssa.Instruction
		deferred := false
		for _, o := range wakers {
			sites = append(sites, o.Instr)
			if _, ok := o.Instr.(*ssa.Defer); ok && ssacfg.MayFollow(o.Instr, g.Instr) {
				deferred = true // defer close(ch) before the go statement: runs at every later return
			}
		}
		if deferred {
			continue
		}
		isWake := func(sel *ssa.Select, k int) bool {
			st := sel.States[k]
			return op.Kind == chanmodel.Recv && st.Dir == types.SendOnly && c.refersTo(st.Chan, ch)
		}
		w := findWay(search{
			fn:   S,
			from: g.Instr,
			cut: func(instr ssa.Instruction) bool {
				for _, o := range wakers {
					if o.Instr == instr && o.Select == nil {
						return true
					}
				}
				return false
			},
			relevant: func(sel *ssa.Select) bool {
				for k := range sel.States {
					if isWake(sel, k) {
						return true
					}
				}
				return false
			},
			cutCase:    isWake,
			impossible: c.impossible,
			failDead:   true,
		})
		if w == nil || (w.branch && !c.branchOK(S, g.Instr, sites)) {
			continue
		}
		reported[ch] = true
		how, at := c.describeWay(w)
		what := "sending on or closing"
		if op.Kind == chanmodel.Range {
			what = "closing"
		}
		c.diags = append(c.diags, analysis.Diagnostic{
			Pos:      op.Pos,
			Category: catRecv,
			Message:  fmt.Sprintf("goroutine can block forever %s: the spawning function can %s without %s the channel", c.blockedOn(op), how, what),
			Related: append(started(g, op.Pos),
				analysis.RelatedInformation{Pos: at, Message: "the spawning function leaves here"}),
		})
	}
}

func (c *checker) anySend(ch *chanmodel.Chan) bool {
	for _, o := range ch.Ops {
		if o.Kind == chanmodel.Send || o.Kind == chanmodel.Close {
			return true
		}
	}
	return false
}

// rangeEndsOnlyOnClose reports whether the range loop of op (a Range op in
// fn) can end only when its channel is closed: no return, panic, or jump
// out of the loop other than the range's own exit.
func (c *checker) rangeEndsOnlyOnClose(op *chanmodel.Op) bool {
	head := op.Instr.Block()
	loop := loopOf(head)
	if loop == nil || len(head.Succs) != 2 {
		return false
	}
	if iff, ok := head.Instrs[len(head.Instrs)-1].(*ssa.If); !ok || iff == nil {
		return false
	}
	done := head.Succs[1]
	for b := range loop {
		for _, instr := range b.Instrs {
			switch in := instr.(type) {
			case *ssa.Return, *ssa.Panic:
				return false
			case *ssa.Call:
				if syncapi.IsNoReturnCall(in.Common()) {
					return false
				}
			}
		}
		for _, s := range b.Succs {
			if !loop[s] && (b != head || s != done) {
				return false
			}
		}
	}
	return true
}
