package goroutineleak

import (
	"fmt"
	"go/ast"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/chanmodel"
	"github.com/conclint/conclint/internal/ssacfg"
)

// ---- sub-case 1: a send whose receiver can leave ----

func (c *checker) checkSends(g *chanmodel.Goroutine) {
	S := g.Spawner
	sends := c.blockingOps(g, chanmodel.Send)
	reported := make(map[*chanmodel.Chan]bool)
	for _, op := range sends {
		ch := op.Chans[0]
		if reported[ch] || !ch.Local() || ch.Fn != S || !ch.CapKnown() {
			continue // counterpart may be elsewhere, or buffer size unknown
		}
		// Every receive is in the spawner; other goroutines' sends are fine.
		var recvSites []ssa.Instruction
		othersRecv := false
		nsend := 0
		for _, o := range ch.Ops {
			switch o.Kind {
			case chanmodel.Recv, chanmodel.Range:
				if !o.RunsIn(S) {
					othersRecv = true
				}
				recvSites = append(recvSites, o.Instr)
			case chanmodel.Send:
				nsend++
			}
		}
		if othersRecv || len(recvSites) == 0 {
			continue // a receiver elsewhere (a defer that drains, a helper)
		}
		// Buffer: unbuffered, or a constant buffer smaller than the sends of
		// a single goroutine running straight-line code.
		blocking := op
		if ch.Cap > 0 {
			if ch.ThroughCalls() || c.inLoop(S)[g.Instr.Block()] || c.spawnedMore(g) || nsend <= int(ch.Cap) {
				continue
			}
			blocking = c.overflowingSend(g.Entry, ch)
			if blocking != op {
				continue // not the send that overflows, or none does
			}
		}
		isRecv := func(sel *ssa.Select, k int) bool {
			st := sel.States[k]
			return st.Dir == types.RecvOnly && c.refersTo(st.Chan, ch)
		}
		w := findWay(search{
			fn:   S,
			from: g.Instr,
			cut:  plainOpAt(ch, chanmodel.Recv, chanmodel.Range),
			relevant: func(sel *ssa.Select) bool {
				for k := range sel.States {
					if isRecv(sel, k) {
						return true
					}
				}
				return false
			},
			// A case this goroutine feeds instead of sending may mean
			// it went the other way (sent an error instead of a
			// result): not an escape.
			cutCase: func(sel *ssa.Select, k int) bool {
				return isRecv(sel, k) || c.otherWay(sel.States[k], g, op)
			},
			impossible: c.impossible,
			failDead:   true,
		})
		partial := false
		if w == nil || (w.branch && !c.branchOK(S, g.Instr, recvSites)) {
			// Several goroutines, one receive each in a counted loop that
			// can be left early: the rest are abandoned.
			if ch.Cap != 0 || nsend != 1 {
				continue
			}
			if w = c.earlyExit(g, ch, isRecv); w == nil {
				continue
			}
			partial = true
		}
		reported[ch] = true
		how, at := c.describeWay(w)
		msg := fmt.Sprintf("goroutine can block forever %s: the receiver can %s without receiving", c.blockedOn(blocking), how)
		if partial {
			msg = fmt.Sprintf("goroutine can block forever %s: the receiver can %s before receiving from every goroutine started here", c.blockedOn(blocking), how)
			if c.inLoop(blocking.Fn)[blocking.Instr.Block()] {
				msg = fmt.Sprintf("goroutine can block forever %s: the receiver can %s before receiving a result for every job", c.blockedOn(blocking), how)
			}
		}
		d := analysis.Diagnostic{
			Pos:      blocking.Pos,
			Category: catSend,
			Message:  msg,
			Related: append(started(g, blocking.Pos),
				analysis.RelatedInformation{Pos: at, Message: "the receiver leaves here"}),
		}
		if fix, ok := c.bufferFix(g, ch, op, nsend); ok && ch.Cap == 0 {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		c.diags = append(c.diags, d)
	}
}

// overflowingSend returns the first send of ch in fn that can find the
// buffer full when nothing is received: a send preceded, on some path
// through fn, by at least Cap other sends. Every send of ch must be a plain
// send in fn outside loops; otherwise it returns nil.
func (c *checker) overflowingSend(fn *ssa.Function, ch *chanmodel.Chan) *chanmodel.Op {
	loops := c.inLoop(fn)
	perBlock := make(map[*ssa.BasicBlock][]*chanmodel.Op)
	for _, o := range ch.Ops {
		if o.Kind != chanmodel.Send {
			continue
		}
		if o.Fn != fn || loops[o.Instr.Block()] || !o.Blocks() {
			return nil
		}
		perBlock[o.Instr.Block()] = append(perBlock[o.Instr.Block()], o)
	}
	// before[b]: the most sends on any path from the entry to b. Blocks on
	// cycles hold no sends, so a bounded relaxation converges.
	before := make(map[*ssa.BasicBlock]int)
	for round := 0; round <= len(fn.Blocks); round++ {
		changed := false
		for _, b := range fn.Blocks {
			out := before[b] + len(perBlock[b])
			for _, s := range b.Succs {
				if out > before[s] {
					before[s] = out
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
	var first *chanmodel.Op
	for b, ops := range perBlock {
		sortByPos(ops)
		for i, o := range ops {
			if before[b]+i >= int(ch.Cap) && (first == nil || o.Pos < first.Pos) {
				first = o
			}
		}
	}
	return first
}

func sortByPos(ops []*chanmodel.Op) {
	sort.Slice(ops, func(i, j int) bool { return ops[i].Pos < ops[j].Pos })
}

// earlyExit looks for a receiver that leaves its receive loop early: g
// runs in a loop of the spawner (several goroutines, one send each), every
// receive of ch is a plain receive in a counted loop outside g's loop, and
// after some receive the spawner can reach a return without receiving again
// and without leaving that loop through its header (its normal exit).
func (c *checker) earlyExit(g *chanmodel.Goroutine, ch *chanmodel.Chan, isRecv func(*ssa.Select, int) bool) *way {
	S := g.Spawner
	gLoop := loopOf(g.Instr.Block())
	if gLoop == nil {
		return nil
	}
	if g.Entry == nil || ch.ThroughCalls() {
		return nil
	}
	for _, o := range ch.Ops {
		switch o.Kind {
		case chanmodel.Send:
			if o.Fn != g.Entry || o.Select != nil || c.inLoop(g.Entry)[o.Instr.Block()] && !c.perItem(o) {
				return nil
			}
		case chanmodel.Range:
			return nil
		case chanmodel.Recv:
			if o.Fn != S || o.Select != nil {
				return nil
			}
		}
	}
	for _, o := range ch.Ops {
		if o.Kind != chanmodel.Recv {
			continue
		}
		loop := loopOf(o.Instr.Block())
		if loop == nil || gLoop[o.Instr.Block()] {
			return nil
		}
		var head *ssa.BasicBlock
		for b := range loop {
			for _, p := range b.Preds {
				if !loop[p] {
					if head != nil && head != b {
						return nil // not a natural loop
					}
					head = b
				}
			}
		}
		if head == nil {
			return nil
		}
		normalExit := false
		for _, s := range head.Succs {
			if !loop[s] {
				normalExit = true
			}
		}
		if !normalExit {
			return nil // for {}: every exit is deliberate, e.g. "all received"
		}
		w := findWay(search{
			fn:         S,
			from:       o.Instr,
			cut:        plainOpAt(ch, chanmodel.Recv, chanmodel.Range),
			forbid:     func(from, to *ssa.BasicBlock) bool { return from == head && !loop[to] },
			relevant:   func(sel *ssa.Select) bool { return false },
			cutCase:    isRecv,
			impossible: c.impossible,
			failDead:   true,
		})
		if w != nil {
			return w
		}
	}
	return nil
}

// otherWay reports whether taking the select case st may mean that the
// goroutine g went another way than the blocking send: st receives from a
// local channel that only g feeds, or that g feeds on a path exclusive with
// the send (if err != nil { errc <- err; return }; done <- v). In the
// second form other goroutines may feed the channel too, and the case may
// be taken because of them while g is blocked; telling that apart needs the
// order of events (which other sender has already sent), so, precision
// first, the case is not counted as a way out. A feed that may follow the
// send (an error after a loop of sends) does not count: the send comes
// first.
func (c *checker) otherWay(st *ssa.SelectState, g *chanmodel.Goroutine, send *chanmodel.Op) bool {
	if st.Dir != types.RecvOnly {
		return false
	}
	chans := c.model.ChansOf(st.Chan)
	onlyG, exclusive, n := true, false, 0
	for _, ch := range chans {
		if !ch.Local() {
			onlyG = false
		}
		for _, o := range ch.Ops {
			if o.Kind != chanmodel.Send && o.Kind != chanmodel.Close {
				continue
			}
			n++
			if !ranBy(o, g) {
				onlyG = false
				continue
			}
			if o.Fn == send.Fn && !ssacfg.MayFollow(o.Instr, send.Instr) && !ssacfg.MayFollow(send.Instr, o.Instr) {
				exclusive = true
			}
		}
	}
	return len(chans) > 0 && n > 0 && (onlyG || exclusive)
}

// bufferFix returns the fix make(chan T) → make(chan T, 1), when it is
// provably enough: one send on ch in the whole program, executed at most
// once, by the only goroutine running g.Entry.
func (c *checker) bufferFix(g *chanmodel.Goroutine, ch *chanmodel.Chan, send *chanmodel.Op, nsend int) (analysis.SuggestedFix, bool) {
	if nsend != 1 || send.Callee != nil || send.Fn != g.Entry || c.inLoop(g.Entry)[send.Instr.Block()] ||
		c.inLoop(g.Spawner)[g.Instr.Block()] || c.inLoop(g.Spawner)[ch.Site.Block()] || c.spawnedMore(g) {
		return analysis.SuggestedFix{}, false
	}
	f := c.fileOf(ch.Site.Pos())
	if f == nil {
		return analysis.SuggestedFix{}, false
	}
	path, _ := astutil.PathEnclosingInterval(f, ch.Site.Pos(), ch.Site.Pos()+1)
	for _, n := range path {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			continue
		}
		if call.Lparen != ch.Site.Pos() || len(call.Args) != 1 || call.Ellipsis.IsValid() {
			return analysis.SuggestedFix{}, false
		}
		end := call.Args[0].End()
		return analysis.SuggestedFix{
			Message:   "Make the channel buffered with capacity 1 so the send never blocks",
			TextEdits: []analysis.TextEdit{{Pos: end, End: end, NewText: []byte(", 1")}},
		}, true
	}
	return analysis.SuggestedFix{}, false
}

// perItem reports whether send runs exactly once per item of a range loop
// over a channel that directly encloses it (a worker of a pool sending one
// result per job): the loop's head is the range, there is no inner loop,
// and every way around the loop passes the send.
func (c *checker) perItem(send *chanmodel.Op) bool {
	sb := send.Instr.Block()
	loop := loopOf(sb)
	if loop == nil {
		return false
	}
	var head *ssa.BasicBlock
	for _, op := range c.model.OpsIn(send.Fn) {
		if op.Kind == chanmodel.Range && op.Callee == nil && loop[op.Instr.Block()] {
			if head != nil && head != op.Instr.Block() {
				return false
			}
			head = op.Instr.Block()
		}
	}
	if head == nil || head == sb || len(loopOf(head)) != len(loop) {
		return false
	}
	for b := range loop {
		if b != head && b != sb && loopOf(b) != nil && len(loopOf(b)) != len(loop) {
			return false // an inner loop
		}
	}
	// Around the loop from the head without the send's block: no way back.
	seen := map[*ssa.BasicBlock]bool{sb: true}
	work := []*ssa.BasicBlock{}
	for _, s := range head.Succs {
		if loop[s] && !seen[s] {
			seen[s] = true
			work = append(work, s)
		}
	}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if b == head {
			return false
		}
		for _, s := range b.Succs {
			if loop[s] && !seen[s] {
				seen[s] = true
				work = append(work, s)
			}
		}
	}
	return true
}
