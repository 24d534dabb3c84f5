package lockset

import (
	"fmt"
	"go/ast"
	"go/token"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/ssacfg"
)

// finishBreaks reports a break or goto that leaves a loop with a lock
// held when the paths from there to the function's returns never release
// it, while other paths reach those returns with it released: at the
// shared return the lock is held on some paths only, so finishReturns
// cannot tell, but the edge that leaves the loop can.
//
// An edge p→q leaves the loop headed by h when p is in the loop's body,
// p is not h (the loop's own exit test) and q is not in the body. The
// event needs: the lock held on every path along the edge (not Maybe or
// Mixed); nothing reachable from q releases it (an Unlock after the loop
// on a flag, a callee, an unknown call it reaches: silent); every return
// reachable from q may hold it; and one of them has it released on some
// path (the author unlocks it on the loop's other exits).
func (a *funcAnalysis) finishBreaks() {
	if len(a.latches) == 0 || len(a.returns) == 0 {
		return
	}
	var headers []*ssa.BasicBlock
	for h := range a.latches {
		headers = append(headers, h)
	}
	sort.Slice(headers, func(i, j int) bool { return headers[i].Index < headers[j].Index })
	retOf := map[*ssa.BasicBlock]*retInfo{}
	for i := range a.returns {
		retOf[a.returns[i].ret.Block()] = &a.returns[i]
	}
	var branches []branchStmt
	done := map[Key]bool{}
	for _, h := range headers {
		var latches []*ssa.BasicBlock
		for _, l := range a.latches[h] {
			latches = append(latches, l.latch)
		}
		body := ssacfg.LoopBody(h, latches...)
		var blocks []*ssa.BasicBlock
		for b := range body {
			blocks = append(blocks, b)
		}
		sort.Slice(blocks, func(i, j int) bool { return blocks[i].Index < blocks[j].Index })
		for _, p := range blocks {
			out, ok := a.outs[p]
			if p == h || !ok || len(out) == 0 {
				continue
			}
			for i, q := range p.Succs {
				if body[q] {
					continue
				}
				es := a.succState(p, out, i)
				if len(es) == 0 {
					continue
				}
				var keys []Key
				for k := range es[0].held {
					if hd, ok := es.mustHeld(k); ok && hd.Mode != Mixed && !done[k] {
						keys = append(keys, k)
					}
				}
				if len(keys) == 0 {
					continue
				}
				sort.Slice(keys, func(i, j int) bool { return keyID(keys[i]) < keyID(keys[j]) })
				after := ssacfg.Reach(ssacfg.Succs, q)
				for _, k := range keys {
					other := a.leakedPastBreak(k, after, retOf)
					if other == nil {
						continue
					}
					if branches == nil {
						branches = a.branchStmts()
					}
					br, ok := branchAfter(branches, maxPosUp(p))
					if !ok {
						continue
					}
					done[k] = true
					hd, _ := es.mustHeld(k)
					name := a.name(k)
					what := "break"
					if br.tok == token.GOTO {
						what = "goto"
					}
					ev := Event{Kind: HeldAtBreak, Fn: a.fn, Pos: br.pos, Lock: name, root: a.rootVar(k),
						Message: fmt.Sprintf("%s is still locked when this %s leaves the loop: no path from here to %s unlocks it, while the loop's other exits do", name, what, a.returnWhere(other.ret))}
					if hd.Pos.IsValid() {
						ev.Related = append(ev.Related, analysis.RelatedInformation{Pos: hd.Pos, Message: name + " locked here"})
					}
					a.events = append(a.events, ev)
				}
			}
		}
	}
}

// leakedPastBreak checks the blocks after a loop exit for the lock k (see
// finishBreaks) and returns a return where k is released on some path,
// or nil when the event does not hold.
func (a *funcAnalysis) leakedPastBreak(k Key, after map[*ssa.BasicBlock]bool, retOf map[*ssa.BasicBlock]*retInfo) *retInfo {
	if a.loopReleases(after, k) {
		return nil
	}
	var mixed *retInfo
	for b := range after {
		r, ok := retOf[b]
		if !ok {
			continue
		}
		if !r.s.mayHeld(k) {
			return nil // a deferred unlock, or a path that never held it
		}
		if _, must := r.s.mustHeld(k); must {
			continue
		}
		for _, d := range r.s {
			if _, rel := d.released[k]; rel {
				if mixed == nil || r.ret.Block().Index < mixed.ret.Block().Index {
					mixed = r
				}
			}
		}
	}
	return mixed
}

type branchStmt struct {
	pos token.Pos
	tok token.Token
}

// branchStmts lists the break and goto statements of the function's body
// (not of nested function literals), by position.
func (a *funcAnalysis) branchStmts() []branchStmt {
	var body *ast.BlockStmt
	switch syn := a.fn.Syntax().(type) {
	case *ast.FuncDecl:
		body = syn.Body
	case *ast.FuncLit:
		body = syn.Body
	}
	out := []branchStmt{}
	if body == nil {
		return out
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			if n.Tok == token.BREAK || n.Tok == token.GOTO {
				out = append(out, branchStmt{n.Pos(), n.Tok})
			}
		}
		return true
	})
	sort.Slice(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	return out
}

// branchAfter returns the first break or goto after pos: the statement
// that ends the block whose last positioned instruction is at pos.
func branchAfter(bs []branchStmt, pos token.Pos) (branchStmt, bool) {
	if !pos.IsValid() {
		return branchStmt{}, false
	}
	i := sort.Search(len(bs), func(i int) bool { return bs[i].pos > pos })
	if i == len(bs) {
		return branchStmt{}, false
	}
	return bs[i], true
}

// maxPosUp is the largest instruction position in b or, when b has none
// (a block holding only the jump of a break), in its nearest dominator
// that has one.
func maxPosUp(b *ssa.BasicBlock) token.Pos {
	for n := 0; b != nil && n < 16; b, n = b.Idom(), n+1 {
		max := token.NoPos
		for _, instr := range b.Instrs {
			if p := instr.Pos(); p > max {
				max = p
			}
		}
		if max.IsValid() {
			return max
		}
	}
	return token.NoPos
}
