package goroutineleak

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/chanmodel"
	"github.com/conclint/conclint/internal/ssacfg"
	"github.com/conclint/conclint/internal/syncapi"
)

// ---- path search ----

// way describes how a function can return without a given event.
type way struct {
	ret    *ssa.Return // the return reached
	sel    *ssa.Select // the select whose other case (or default) was taken, or nil
	state  int         // the case taken; -1 for the default
	branch bool        // no select involved: an early return on a branch
}

// search describes the events that cut a path.
type search struct {
	cut      func(ssa.Instruction) bool            // executing the instruction is the event
	relevant func(*ssa.Select) bool                // the select has a case that is the event
	cutCase  func(sel *ssa.Select, state int) bool // taking this case is the event
	from     ssa.Instruction                       // start just after this instruction (nil: entry)
	fn       *ssa.Function
	// impossible reports select cases that can never proceed (a channel
	// nobody serves); nil means none.
	impossible func(sel *ssa.Select, state int) bool
	// failDead makes paths through t.Error/t.Errorf/t.Fail dead: once
	// the test has failed, what it leaves behind does not matter.
	failDead bool
	// forbid lists edges not to take; nil means none.
	forbid func(from, to *ssa.BasicBlock) bool
}

// findWay searches fn's CFG for a path from s.from to a return that avoids
// every event. Paths through calls that never return (panic, os.Exit,
// t.Fatal) are dead. A way through a select's other case is preferred to a
// plain branch.
func findWay(s search) *way {
	type item struct {
		b     *ssa.BasicBlock
		start int
		via   *way // the select way taken so far, or nil
	}
	var queue []item
	if s.from == nil {
		if len(s.fn.Blocks) == 0 {
			return nil
		}
		queue = append(queue, item{b: s.fn.Blocks[0]})
	} else {
		b := s.from.Block()
		for i, instr := range b.Instrs {
			if instr == s.from {
				queue = append(queue, item{b: b, start: i + 1})
			}
		}
	}
	visited := make(map[*ssa.BasicBlock][2]bool) // [via==nil, via!=nil]
	var branchWay *way
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		dead := false
		for _, instr := range it.b.Instrs[it.start:] {
			if s.cut(instr) {
				dead = true
				break
			}
			if call, ok := instr.(*ssa.Call); ok && (syncapi.IsNoReturnCall(call.Common()) || s.failDead && syncapi.IsTestFailureCall(call.Common())) {
				dead = true
				break
			}
			if ret, ok := instr.(*ssa.Return); ok {
				if it.via != nil {
					w := *it.via
					w.ret = ret
					return &w
				}
				if branchWay == nil {
					branchWay = &way{ret: ret, branch: true}
				}
				dead = true
			}
		}
		if dead {
			continue
		}
		for i, succ := range it.b.Succs {
			via := it.via
			if s.forbid != nil && s.forbid(it.b, succ) {
				continue
			}
			sel, k, taken, isCase := chanmodel.SelectCaseEdge(it.b, i)
			if isCase && taken && s.impossible != nil && s.impossible(sel, k) {
				continue
			}
			if isCase && s.relevant(sel) {
				switch {
				case taken && s.cutCase(sel, k):
					continue
				case taken && via == nil:
					via = &way{sel: sel, state: k}
				case !taken && k == len(sel.States)-1 && !sel.Blocking && via == nil:
					via = &way{sel: sel, state: -1}
				}
			}
			slot := 0
			if via != nil {
				slot = 1
			}
			v := visited[succ]
			if v[slot] {
				continue
			}
			v[slot] = true
			visited[succ] = v
			queue = append(queue, item{b: succ, via: via})
		}
	}
	return branchWay
}

// impossible reports whether case k of sel can never proceed: its channel
// is nil, or a local channel with no counterpart anywhere.
func (c *checker) impossible(sel *ssa.Select, k int) bool {
	st := sel.States[k]
	if k, ok := st.Chan.(*ssa.Const); ok && k.IsNil() {
		return true
	}
	chans := c.model.ChansOf(st.Chan)
	if len(chans) != 1 || !chans[0].Local() {
		return false
	}
	for _, o := range chans[0].Ops {
		switch o.Kind {
		case chanmodel.Recv, chanmodel.Range:
			if st.Dir == types.SendOnly {
				return false
			}
		case chanmodel.Send, chanmodel.Close:
			if st.Dir == types.RecvOnly {
				return false
			}
		}
	}
	return true
}

// branchOK applies the precision rule for plain early returns: the go
// statement and every event site are outside loops, and the go statement
// dominates the event sites. Otherwise a loop count or a branch condition
// correlated with the go statement may make the path infeasible.
func (c *checker) branchOK(fn *ssa.Function, from ssa.Instruction, sites []ssa.Instruction) bool {
	loops := c.inLoop(fn)
	gb := from.Block()
	if loops[gb] || len(sites) == 0 {
		return false
	}
	for _, s := range sites {
		if loops[s.Block()] || !gb.Dominates(s.Block()) {
			return false
		}
	}
	return true
}

// loopOf returns the blocks of fn on a cycle through b (b's strongly
// connected component), or nil when b is not in a loop.
func loopOf(b *ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	fwd := ssacfg.ReachStrict(b, ssacfg.Succs)
	bwd := ssacfg.ReachStrict(b, ssacfg.Preds)
	loop := make(map[*ssa.BasicBlock]bool)
	for x := range fwd {
		if bwd[x] {
			loop[x] = true
		}
	}
	if !loop[b] {
		return nil
	}
	return loop
}
