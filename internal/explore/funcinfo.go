package explore

import (
	"golang.org/x/tools/go/ssa"
)

// funcInfo numbers a function's values (parameters, free variables and
// value-producing instructions) so a frame's environment is a slice, and
// knows which of them are live at a position, so states that differ only in
// dead temporaries hash alike.
type funcInfo struct {
	fn    *ssa.Function
	index map[ssa.Value]int
	n     int
	// liveOut[b] is the set of value indices live at the end of block b.
	liveOut []bitset
	// backEdge[b][s]: the edge b→s goes back to a loop header s.
	header []bool
	// live positions computed so far: block<<16|pc → live set
	liveAt map[int]bitset
}

type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }
func (b bitset) set(i int)   { b[i/64] |= 1 << (i % 64) }
func (b bitset) clear(i int) { b[i/64] &^= 1 << (i % 64) }
func (b bitset) has(i int) bool {
	return i/64 < len(b) && b[i/64]&(1<<(i%64)) != 0
}
func (b bitset) or(c bitset) bool {
	changed := false
	for i := range b {
		if n := b[i] | c[i]; n != b[i] {
			b[i] = n
			changed = true
		}
	}
	return changed
}

func newFuncInfo(fn *ssa.Function) *funcInfo {
	fi := &funcInfo{fn: fn, index: make(map[ssa.Value]int)}
	add := func(v ssa.Value) {
		if _, ok := fi.index[v]; !ok {
			fi.index[v] = fi.n
			fi.n++
		}
	}
	for _, p := range fn.Params {
		add(p)
	}
	for _, fv := range fn.FreeVars {
		add(fv)
	}
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			if v, ok := ins.(ssa.Value); ok {
				add(v)
			}
		}
	}
	fi.header = make([]bool, len(fn.Blocks))
	for _, b := range fn.Blocks {
		for _, s := range b.Succs {
			if s.Dominates(b) {
				fi.header[s.Index] = true
			}
		}
	}
	fi.liveness()
	return fi
}

// uses calls f for every operand of ins that has an index.
func (fi *funcInfo) uses(ins ssa.Instruction, f func(int)) {
	var buf [16]*ssa.Value
	for _, op := range ins.Operands(buf[:0]) {
		if op == nil || *op == nil {
			continue
		}
		if i, ok := fi.index[*op]; ok {
			f(i)
		}
	}
}

// liveness computes liveOut per block by the usual backward fixpoint. Phi
// operands are live at the end of their predecessor.
func (fi *funcInfo) liveness() {
	nb := len(fi.fn.Blocks)
	fi.liveOut = make([]bitset, nb)
	liveIn := make([]bitset, nb)
	for i := range nb {
		fi.liveOut[i] = newBitset(fi.n)
		liveIn[i] = newBitset(fi.n)
	}
	for changed := true; changed; {
		changed = false
		for bi := nb - 1; bi >= 0; bi-- {
			b := fi.fn.Blocks[bi]
			out := fi.liveOut[bi]
			for _, s := range b.Succs {
				if out.or(liveIn[s.Index]) {
					changed = true
				}
				// phi operands flowing along b→s
				pi := predIndex(s, b)
				for _, ins := range s.Instrs {
					phi, ok := ins.(*ssa.Phi)
					if !ok {
						break
					}
					if pi >= 0 && pi < len(phi.Edges) {
						if i, ok := fi.index[phi.Edges[pi]]; ok && !out.has(i) {
							out.set(i)
							changed = true
						}
					}
				}
			}
			in := newBitset(fi.n)
			copy(in, out)
			for j := len(b.Instrs) - 1; j >= 0; j-- {
				ins := b.Instrs[j]
				if v, ok := ins.(ssa.Value); ok {
					if i, ok := fi.index[v]; ok {
						in.clear(i)
					}
				}
				if _, ok := ins.(*ssa.Phi); ok {
					continue
				}
				fi.uses(ins, in.set)
			}
			if liveIn[bi].or(in) {
				changed = true
			}
		}
	}
	fi.liveAt = make(map[int]bitset)
}

// live returns the values live just before instruction pc of block b.
func (fi *funcInfo) live(b, pc int) bitset {
	key := b<<16 | pc
	if s, ok := fi.liveAt[key]; ok {
		return s
	}
	blk := fi.fn.Blocks[b]
	s := newBitset(fi.n)
	copy(s, fi.liveOut[b])
	for j := len(blk.Instrs) - 1; j >= pc && j >= 0; j-- {
		ins := blk.Instrs[j]
		if v, ok := ins.(ssa.Value); ok {
			if i, ok := fi.index[v]; ok {
				s.clear(i)
			}
		}
		if _, ok := ins.(*ssa.Phi); ok {
			continue
		}
		fi.uses(ins, s.set)
	}
	fi.liveAt[key] = s
	return s
}

func predIndex(b, pred *ssa.BasicBlock) int {
	for i, p := range b.Preds {
		if p == pred {
			return i
		}
	}
	return -1
}
