// Package ssacfg holds the small control-flow questions the passes ask of
// an SSA function: where an instruction sits in its block, which blocks are
// reachable, whether one instruction comes before or may follow another,
// and the blocks of a natural loop; and two value questions (values.go): the
// field a FieldAddr selects, and the value a closure's free variable is
// bound to.
package ssacfg

import "golang.org/x/tools/go/ssa"

// Succs and Preds are the two directions Reach walks.
func Succs(b *ssa.BasicBlock) []*ssa.BasicBlock { return b.Succs }
func Preds(b *ssa.BasicBlock) []*ssa.BasicBlock { return b.Preds }

// Index returns the position of ins in its block (len(Instrs) if absent).
func Index(ins ssa.Instruction) int {
	for i, x := range ins.Block().Instrs {
		if x == ins {
			return i
		}
	}
	return len(ins.Block().Instrs)
}

// Reach returns the blocks reachable from the starts in zero or more steps
// of next (the starts included).
func Reach(next func(*ssa.BasicBlock) []*ssa.BasicBlock, starts ...*ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	seen := make(map[*ssa.BasicBlock]bool, len(starts))
	stack := make([]*ssa.BasicBlock, 0, len(starts))
	for _, b := range starts {
		if !seen[b] {
			seen[b] = true
			stack = append(stack, b)
		}
	}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, n := range next(x) {
			if !seen[n] {
				seen[n] = true
				stack = append(stack, n)
			}
		}
	}
	return seen
}

// ReachStrict returns the blocks reachable from b in one or more steps of
// next: b itself only if it lies on a cycle.
func ReachStrict(b *ssa.BasicBlock, next func(*ssa.BasicBlock) []*ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	return Reach(next, next(b)...)
}

// EarlierInBlock reports whether x comes before y in x's block (true when
// y is not in x's block at all). Callers use it for two instructions of one
// block.
func EarlierInBlock(x, y ssa.Instruction) bool {
	for _, ins := range x.Block().Instrs {
		if ins == x {
			return true
		}
		if ins == y {
			return false
		}
	}
	return false
}

// Before reports whether x executes before y on every path to y: x's block
// dominates y's, and within one block x comes first.
func Before(x, y ssa.Instruction) bool {
	xb, yb := x.Block(), y.Block()
	if xb == nil || yb == nil {
		return false
	}
	if xb != yb {
		return xb.Dominates(yb)
	}
	return EarlierInBlock(x, y)
}

// MayFollow reports whether y may execute after x in their common function:
// later in the same block, or in a block reachable from x's successors.
func MayFollow(x, y ssa.Instruction) bool {
	xb, yb := x.Block(), y.Block()
	if xb == nil || yb == nil {
		return false
	}
	if xb == yb && EarlierInBlock(x, y) {
		return true
	}
	return ReachStrict(xb, Succs)[yb]
}

// LoopBody returns the blocks of the natural loop headed by h whose back
// edges come from latches: h and every block that reaches a latch without
// passing through h.
func LoopBody(h *ssa.BasicBlock, latches ...*ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	body := map[*ssa.BasicBlock]bool{h: true}
	stack := append([]*ssa.BasicBlock(nil), latches...)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if body[b] {
			continue
		}
		body[b] = true
		stack = append(stack, b.Preds...)
	}
	return body
}
