package explore

import (
	"encoding/binary"
	"go/types"
	"hash/fnv"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Budget bounds the exploration of one entry. Every count is of work done,
// never of time, so results are deterministic.
type Budget struct {
	States     int // distinct states visited
	Steps      int // instructions interpreted
	Goroutines int // goroutines alive in one state
	// Package bounds the instructions interpreted over all the entries of
	// a package; the entries after it are skipped.
	Package int
}

// DefaultBudget returns the budget per entry function (and per package).
func DefaultBudget() Budget {
	return Budget{States: 2000, Steps: 50_000, Goroutines: 12, Package: 3_000_000}
}

// machine explores one entry function.
type machine struct {
	x      *explorer
	prog   *ssa.Program
	budget Budget

	steps          int
	states         int
	overBudget     bool
	overGoroutines bool
	visited        map[uint64]struct{}

	findings []*Finding
	seen     map[findingKey]bool
}

type findingKey struct {
	cat string
	pos int
}

func (m *machine) info(fn *ssa.Function) *funcInfo { return m.x.info(fn) }

// run explores the interleavings of entry and the goroutines it starts.
func (m *machine) run(entry *ssa.Function) {
	st := &state{}
	st.objs = append(st.objs, nil)
	st.syms = append(st.syms, symCons{})
	g0 := &goroutine{owner: st, id: 0, start: entry.Pos(), startFn: entry, spawner: -1}
	st.gs = append(st.gs, g0)
	var args []value
	for _, p := range entry.Params {
		// an entry's inputs may be anything its callers pass
		args = append(args, m.callResult(st, p.Type(), true))
	}
	m.push(st, 0, entry, args, nil, -1, retHook{})
	m.visited = make(map[uint64]struct{})
	m.seen = make(map[findingKey]bool)

	stack := m.settle(st, 0)
	slices.Reverse(stack)
	for len(stack) > 0 {
		if m.states >= m.budget.States || m.steps > m.budget.Steps {
			m.overBudget = true
			return
		}
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		h := m.hash(s)
		if _, ok := m.visited[h]; ok {
			continue
		}
		m.visited[h] = struct{}{}
		m.states++
		ops := make([]*vop, len(s.gs))
		for i := range s.gs {
			ops[i] = m.opAt(s, i)
		}
		ts := m.transitions(s, ops)
		m.checkLeak(s, ops, ts)
		var succ []*state
		for _, t := range ts {
			succ = append(succ, m.apply(s, ops, t)...)
		}
		slices.Reverse(succ)
		stack = append(stack, succ...)
	}
}

// hash returns a 64-bit digest of everything that determines the future
// of a state: stacks with their live values, the heap, the sync states,
// what escaped and the symbols' constraints.
func (m *machine) hash(s *state) uint64 {
	h := fnv.New64a()
	var buf []byte
	num := func(n int64) { buf = binary.AppendVarint(buf, n) }
	str := func(x string) { num(int64(len(x))); buf = append(buf, x...) }
	// Unknown values hash without their symbols, and the symbols'
	// constraints are not hashed: two states that differ only in what
	// the path learnt about unknown data are explored once.
	var val func(v value)
	val = func(v value) {
		buf = append(buf, byte(v.k))
		num(v.n)
		num(v.ln)
		num(int64(v.obj))
		str(v.path)
		str(v.s)
		num(int64(m.x.fnID(v.fn)))
		num(int64(m.x.typeID(v.typ)))
		num(int64(len(v.sub)))
		for _, x := range v.sub {
			val(x)
		}
	}
	num(int64(len(s.gs)))
	for _, g := range s.gs {
		buf = append(buf, byte(g.status), byte(g.wait))
		num(int64(g.waitObj))
		str(g.waitPath)
		if g.pend != nil {
			num(1)
		}
		num(int64(len(g.frames)))
		if g.status == gDone {
			continue
		}
		for _, f := range g.frames {
			num(int64(m.x.fnID(f.fn)))
			num(int64(f.block))
			num(int64(f.pc))
			live := f.info.live(f.block, f.pc)
			for i, v := range f.env {
				if live.has(i) {
					num(int64(i))
					val(v)
				}
			}
			num(int64(len(f.defers)))
			for _, d := range f.defers {
				val(d.spec.callee)
				for _, a := range d.spec.args {
					val(a)
				}
				num(int64(d.spec.pos))
			}
			buf = append(buf, byte(f.ret.kind))
			num(int64(f.resultTo))
		}
		h.Write(buf)
		buf = buf[:0]
	}
	for _, o := range s.objs[1:] {
		val(o.root)
		if o.ch != nil {
			c := o.ch
			buf = append(buf, 'c')
			num(c.cap)
			if c.closed {
				buf = append(buf, 1)
			}
			num(int64(len(c.buf)))
			for _, v := range c.buf {
				val(v)
			}
		}
		if o.mp != nil {
			buf = append(buf, 'm')
			if o.mp.incomplete {
				buf = append(buf, 1)
			}
			num(int64(len(o.mp.keys)))
			for i := range o.mp.keys {
				val(o.mp.keys[i])
				val(o.mp.vals[i])
			}
		}
		if len(o.syncs) > 0 {
			paths := make([]string, 0, len(o.syncs))
			for p := range o.syncs {
				paths = append(paths, p)
			}
			slices.Sort(paths)
			for _, p := range paths {
				sy := o.syncs[p]
				str(p)
				num(int64(sy.writer))
				num(int64(len(sy.readers)))
				for _, r := range sy.readers {
					num(int64(r))
				}
				num(int64(len(sy.queued)))
				for _, r := range sy.queued {
					num(int64(r))
				}
				num(sy.count)
				if sy.unknown {
					buf = append(buf, 1)
				}
				if sy.handoff {
					buf = append(buf, 2)
				}
				buf = append(buf, sy.once)
				num(int64(len(sy.waiters)))
				for _, w := range sy.waiters {
					num(int64(w))
				}
			}
		}
		h.Write(buf)
		buf = buf[:0]
	}
	num(int64(len(s.escaped)))
	for _, e := range s.escaped {
		num(int64(e))
	}
	h.Write(buf)
	return h.Sum64()
}

// fnID and typeID give functions and types small stable numbers (in
// order of first sight, which is deterministic).
func (x *explorer) fnID(fn *ssa.Function) int {
	if fn == nil {
		return 0
	}
	id, ok := x.fnIDs[fn]
	if !ok {
		id = len(x.fnIDs) + 1
		x.fnIDs[fn] = id
	}
	return id
}

func (x *explorer) typeID(t types.Type) int {
	if t == nil {
		return 0
	}
	if id := x.typeIDs.At(t); id != nil {
		return id.(int)
	}
	id := x.typeIDs.Len() + 1
	x.typeIDs.Set(t, id)
	return id
}
