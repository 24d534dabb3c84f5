package chanclose

import (
	"fmt"
	"github.com/conclint/conclint/internal/ssacfg"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/chanmodel"
)

// catOtherSenders is the category of closes that other goroutines' sends
// can follow.
const catOtherSenders = "close-with-other-senders"

// checkSenders reports, on the package's channel model, closes that race
// with sends of other goroutines:
//
//  1. a goroutine that sends on ch and closes it on every path, started
//     several times (in a loop, or by several go statements): the second
//     instance to finish closes a closed channel, and its sends may follow
//     another instance's close;
//  2. a receiver that closes ch inside its own range (or receive) loop over
//     ch while ch has senders in another function: the senders' next send
//     panics.
//
// Only channels whose every operation is visible (chanmodel's Local) are
// considered: an escaping channel may have other owners.
func (pc *passCtx) checkSenders(m *chanmodel.Model) {
	if m == nil || m.Incomplete {
		return
	}
	// The go statements of each goroutine body.
	starts := make(map[*ssa.Function][]*chanmodel.Goroutine)
	for _, g := range m.Goroutines {
		if g.Entry == nil || g.Kind != chanmodel.GoStmt {
			continue // unknown body, or wg.Go/errgroup (Wait-based owners)
		}
		starts[g.Entry] = append(starts[g.Entry], g)
	}
	for _, c := range m.Chans {
		if !c.Local() || c.ThroughCalls() {
			continue // other operations may be invisible, or only summarized
		}
		var closes, sends, recvs []*chanmodel.Op
		for _, op := range c.Ops {
			switch op.Kind {
			case chanmodel.Close:
				closes = append(closes, op)
			case chanmodel.Send:
				sends = append(sends, op)
			case chanmodel.Recv, chanmodel.Range:
				recvs = append(recvs, op)
			}
		}
		for _, cl := range closes {
			pc.closingSender(c, cl, sends, starts)
			pc.closingReceiver(c, cl, sends, recvs)
		}
	}
}

// entryOf returns the goroutine body an operation belongs to: its function,
// or the enclosing function of a closure that the function defers or calls
// directly.
func entryOf(fn *ssa.Function) *ssa.Function {
	if p := fn.Parent(); p != nil && calledDirectly(fn, p) {
		return p
	}
	return fn
}

// calledDirectly reports whether p calls or defers the closure fn itself
// (not hands it to sync.Once.Do or stores it).
func calledDirectly(fn, p *ssa.Function) bool {
	found := false
	for _, b := range p.Blocks {
		for _, ins := range b.Instrs {
			mc, ok := ins.(*ssa.MakeClosure)
			if !ok || mc.Fn != fn {
				continue // another instruction
			}
			refs := mc.Referrers()
			if refs == nil {
				return false
			}
			for _, r := range *refs {
				switch r := r.(type) {
				case *ssa.Defer:
					if r.Call.Value != mc {
						return false
					}
				case *ssa.Call:
					if r.Call.Value != mc {
						return false
					}
				default:
					return false
				}
			}
			found = true
		}
	}
	return found
}

// closesOnEveryPath reports whether the close op runs on every path
// through its goroutine body entry: a defer in the entry block, or a close
// in a block that dominates every return.
func closesOnEveryPath(op *chanmodel.Op, entry *ssa.Function) bool {
	fn := op.Fn
	ins := op.Instr
	if fn != entry {
		// A directly called or deferred closure: its close must be
		// unconditional in the closure, and the closure deferred in the
		// entry block of the body.
		if ins.Block() != fn.Blocks[0] {
			return false
		}
		for _, b := range entry.Blocks[:1] {
			for _, x := range b.Instrs {
				if d, ok := x.(*ssa.Defer); ok {
					if mc, ok := d.Call.Value.(*ssa.MakeClosure); ok && mc.Fn == fn {
						return true
					}
				}
			}
		}
		return false
	}
	if _, ok := ins.(*ssa.Defer); ok {
		return ins.Block() == fn.Blocks[0]
	}
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && !ins.Block().Dominates(b) {
			return false
		}
	}
	return true
}

func (pc *passCtx) closingSender(c *chanmodel.Chan, cl *chanmodel.Op, sends []*chanmodel.Op, starts map[*ssa.Function][]*chanmodel.Goroutine) {
	entry := entryOf(cl.Fn)
	if len(entry.Blocks) == 0 || !sharedByInstances(c, starts[entry]) {
		return // the closing body runs as at most one goroutine per channel
	}
	sends0 := false
	for _, s := range sends {
		if entryOf(s.Fn) == entry {
			sends0 = true
		}
	}
	if !sends0 || !closesOnEveryPath(cl, entry) {
		return // not a sender, or closes only on some paths (the last one out)
	}
	g := starts[entry][0]
	start, end := pc.rangeOf(cl.Pos)
	pc.report(analysis.Diagnostic{
		Pos: start, End: end, Category: catOtherSenders,
		Message: fmt.Sprintf("close of a channel that other goroutines still send on: the goroutine started at line %d runs several times, and each instance sends on and closes %s",
			pc.line(g.Pos()), pc.chanText(cl.Pos)),
		Related: []analysis.RelatedInformation{{Pos: g.Pos(), Message: "goroutine started here"}},
	})
}

func (pc *passCtx) closingReceiver(c *chanmodel.Chan, cl *chanmodel.Op, sends, recvs []*chanmodel.Op) {
	b := cl.Instr.Block()
	if b == nil || cl.Fn == nil {
		return
	}
	// The close must lie inside a loop whose header receives from the
	// channel (a range loop, or for { v, ok := <-ch ... }).
	var recv *chanmodel.Op
	for _, r := range recvs {
		if r.Fn != cl.Fn || r.InSelect() {
			continue // another function, or a select case
		}
		if u, ok := r.Instr.(*ssa.UnOp); r.Kind != chanmodel.Range && (!ok || !u.CommaOk) {
			continue // a counted receive, not a receive-until-closed loop
		}
		h := r.Instr.Block()
		if h == nil || !h.Dominates(b) {
			continue // does not precede the close
		}
		if site := c.Site.Block(); site != nil && site.Parent() == cl.Fn && loopContains(h, site) {
			continue // the channel is re-made on each iteration
		}
		if body := okSucc(r.Instr); body != nil && body.Dominates(b) && loopContains(h, body) {
			recv = r
			break
		}
	}
	if recv == nil {
		return
	}
	for _, s := range sends {
		if entryOf(s.Fn) == entryOf(cl.Fn) {
			continue // the closing function's own send: ordered with the close
		}
		start, end := pc.rangeOf(cl.Pos)
		rs, _ := pc.rangeOf(recv.Pos)
		pc.report(analysis.Diagnostic{
			Pos: start, End: end, Category: catOtherSenders,
			Message: fmt.Sprintf("close of a channel by its receiver while another goroutine may still send on it: %s is received from in this loop and sent on at line %d; that send panics after the close",
				pc.chanText(cl.Pos), pc.line(s.Pos)),
			Related: []analysis.RelatedInformation{
				{Pos: rs, Message: "received from here"},
				{Pos: s.Pos, Message: "sent on here"},
			},
		})
		return
	}
}

// inLoop reports whether b lies on a cycle of its function.
func inLoop(b *ssa.BasicBlock) bool {
	if b == nil {
		return false
	}
	return ssacfg.Reach(ssacfg.Succs, b)[b] && cycles(b)
}

// cycles reports whether b can reach itself through at least one edge.
func cycles(b *ssa.BasicBlock) bool {
	for _, s := range b.Succs {
		if ssacfg.Reach(ssacfg.Succs, s)[b] {
			return true
		}
	}
	return false
}

// loopContains reports whether b lies in a cycle through h (h is a loop
// header of a loop containing b): h reaches b and b reaches h.
func loopContains(h, b *ssa.BasicBlock) bool {
	fwd := func(x *ssa.BasicBlock) []*ssa.BasicBlock { return x.Succs }
	if h == b {
		return cycles(b)
	}
	return ssacfg.Reach(fwd, h)[b] && ssacfg.Reach(fwd, b)[h]
}

// okSucc returns the block a comma-ok receive continues to when it
// received a value (ok is true): the loop body of a range or
// receive-until-closed loop. It is nil when the receive's block does not
// branch on ok.
func okSucc(recv ssa.Instruction) *ssa.BasicBlock {
	u, ok := recv.(*ssa.UnOp)
	b := recv.Block()
	if !ok || b == nil || len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return nil
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return nil
	}
	cond, neg := iff.Cond, false
	if n, ok := cond.(*ssa.UnOp); ok && n.Op == token.NOT {
		cond, neg = n.X, true
	}
	if e, ok := cond.(*ssa.Extract); !ok || e.Tuple != u || e.Index != 1 {
		return nil
	}
	if neg {
		return b.Succs[1]
	}
	return b.Succs[0]
}

// sharedByInstances reports whether several goroutines started by gs
// operate on one instance of channel c: every go statement is in the
// function that makes c, after the make, and the make is not repeated with
// them (a channel made in the same loop as the go statement is a new
// channel per goroutine); and there are two go statements or one in a loop.
func sharedByInstances(c *chanmodel.Chan, gs []*chanmodel.Goroutine) bool {
	site := c.Site.Block()
	if site == nil || len(gs) == 0 {
		return false
	}
	fwd := func(x *ssa.BasicBlock) []*ssa.BasicBlock { return x.Succs }
	n := 0
	for _, g := range gs {
		b := g.Instr.Block()
		if b == nil || g.Spawner != c.Fn || !site.Dominates(b) {
			return false // started elsewhere: the channel may differ per start
		}
		if site != b && ssacfg.Reach(fwd, b)[site] {
			return false // the make runs again before the next start
		}
		if site == b && cycles(b) {
			return false
		}
		n++
		if inLoop(b) {
			n++
		}
	}
	return n >= 2
}
