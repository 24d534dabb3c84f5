package hb

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/syncapi"
)

// A Thread is code running on one goroutine, seen from the analysed
// frame: a function body, the Env binding its free variables and
// parameters to the analysed frame (nil for the analysed function itself),
// and where the part of interest starts.
type Thread struct {
	Fn  *ssa.Function
	Env Env
	// Start is the instruction after which the thread's events count (the
	// go statement, in the spawner); nil: the function's entry.
	Start ssa.Instruction
	// Strict threads count Unknown calls as acquires that may wait for
	// anything: the spawner's side, where a call out of sight may be the
	// wait. On a goroutine's side such calls are its work.
	Strict bool
	// Exit are events implicit at the goroutine's end: wg.Go's Done, the
	// slot and the Wait of an errgroup, a helper's deferred Done.
	Exit []Event
}

// Events returns t's events, their objects translated into the analysed
// frame where the Env binds them.
func (m *Model) Events(t Thread) []Event {
	raw := m.FuncEvents(t.Fn)
	if t.Env == nil {
		return raw
	}
	out := make([]Event, 0, len(raw))
	for _, e := range raw {
		if e.Obj.Valid() {
			if l, ok := TranslateLoc(e.Obj, t.Env); ok {
				e.Obj = l
				if e.Cap == CapUnknown && (e.Kind == ChanSend || e.Kind == ChanRecv || e.Kind == ChanClose) {
					e.Cap = m.capOfLoc(l)
				}
			}
		}
		out = append(out, e)
	}
	return out
}

// After returns the releases of t that happen after x in the same
// iteration (see [Model.Follows]), the deferred ones, and t's exit
// events. x == nil stands for t's whole body: all its releases.
func (m *Model) After(t Thread, x ssa.Instruction) []Event {
	var out []Event
	for _, e := range m.Events(t) {
		if !e.Kind.Release() {
			continue
		}
		if x == nil || e.Deferred || (e.Instr != x && m.Follows(x, e.Instr)) {
			out = append(out, e)
		}
	}
	return append(out, t.Exit...)
}

// Before returns the acquires of t that happen before x in the same
// iteration and after t.Start. Unknown events count only on strict
// threads.
func (m *Model) Before(t Thread, x ssa.Instruction) []Event {
	return m.before(t, x, false)
}

// before is Before; anyIter also counts acquires of earlier iterations.
func (m *Model) before(t Thread, x ssa.Instruction, anyIter bool) []Event {
	var out []Event
	for _, e := range m.Events(t) {
		if !e.Kind.Acquire() || e.Deferred || e.Instr == x {
			continue
		}
		if e.Kind == Unknown && !t.Strict {
			continue // the goroutine's own work
		}
		if anyIter && !m.MayPrecede(e.Instr, x) || !anyIter && !m.Follows(e.Instr, x) {
			continue
		}
		if t.Start != nil && (e.Instr == t.Start || !m.Follows(t.Start, e.Instr)) {
			continue
		}
		if e.Kind == ChanRecv {
			e.ValueOnly = valueOnly(e.Instr, x)
		}
		out = append(out, e)
	}
	return out
}

// A Why explains an order, or its absence.
type Why struct {
	Rel, Acq Event // the pair that orders, when ordered
	// CapBound is a pair that would have ordered but for a channel (or
	// group) of capacity above one: the semaphore or limit named.
	CapBound *Event
}

// Ordered reports whether x1 on t1 happens before x2 on t2 under s: a
// release of t1 after x1 pairs with an acquire of t2 before x2 (by
// [Pairs], with [Model.Alias] on their objects), or t2 is strict and
// calls unknown code in between, which may wait.
func (m *Model) Ordered(t1 Thread, x1 ssa.Instruction, t2 Thread, x2 ssa.Instruction, s Strictness) (bool, Why) {
	return m.orderedEvents(m.After(t1, x1), m.Before(t2, x2), s)
}

func (m *Model) orderedEvents(rels, acqs []Event, s Strictness) (bool, Why) {
	var why Why
	for _, q := range acqs {
		if !q.Kind.counts(s) {
			continue
		}
		if q.Kind == Unknown || q.Kind == BubbleWait {
			return true, Why{Acq: q}
		}
		for _, r := range rels {
			ok, capb := Pairs(r, q, s, m.Alias(r.Obj, q.Obj))
			if ok {
				return true, Why{Rel: r, Acq: q}
			}
			if capb && why.CapBound == nil {
				qq := q
				why.CapBound = &qq
			}
		}
	}
	return false, why
}

// Exclusive reports whether two runs of thread t (two goroutines started
// from one go statement in a loop) cannot execute x at the same time:
// a release of t after x pairs with an acquire of t before x (the other
// run's), as a capacity-one semaphore, a token passed around a ring, or an
// atomic hand-off do. The acquire may be one of an earlier iteration (two
// goroutines alternating: each waits, in one iteration, for the other's
// store, and writes in the next). Locks held at x are a separate question
// ([Model.CommonLock]).
func (m *Model) Exclusive(t Thread, x ssa.Instruction) (bool, Why) {
	return m.orderedEvents(m.After(t, x), m.before(t, x, true), Order)
}

// Serialized reports whether the spawner s, whose go statement (or Go
// call) spawn lies on a loop, waits on every iteration for something the
// goroutine t releases after x: wg.Wait per iteration, a receive of the
// goroutine's result, a capacity-one semaphore, a limited errgroup's slot.
// The spawner's acquires count on the loop's cycle from spawn back to
// spawn (the spawn's own slot event included).
func (m *Model) Serialized(s Thread, spawn ssa.Instruction, t Thread, x ssa.Instruction, slot *Event) (bool, Why) {
	rels := m.After(t, x)
	var acqs []Event
	for _, e := range m.Events(s) {
		if !e.Kind.Acquire() || e.Deferred || e.Instr == spawn {
			continue
		}
		if e.Kind == Unknown && !s.Strict {
			continue
		}
		// On the cycle: after the spawn, and able to reach it again.
		if m.reachFrom(spawn.Block())[e.Instr.Block()] && m.reachFrom(e.Instr.Block())[spawn.Block()] {
			acqs = append(acqs, e)
		}
	}
	if slot != nil {
		acqs = append(acqs, *slot)
	}
	return m.orderedEvents(rels, acqs, Order)
}

// WaitsBetween reports whether the spawner t waits, between x and y (on
// some path from x to y, in the same iteration), for something one of
// the goroutines' releases rels may publish: the Wait strictness of
// sleepsync. Unknown calls on the way count as waits.
func (m *Model) WaitsBetween(t Thread, x, y ssa.Instruction, rels []Event) bool {
	for _, e := range m.Events(t) {
		if !e.Kind.Acquire() || e.Deferred || !e.Kind.counts(Wait) {
			continue
		}
		if e.Kind == Unknown && !t.Strict {
			continue
		}
		if !m.between(x, e.Instr, y) {
			continue
		}
		if e.Kind == Unknown || e.Kind == BubbleWait {
			return true
		}
		for _, r := range rels {
			if ok, _ := Pairs(r, e, Wait, m.Alias(r.Obj, e.Obj)); ok {
				return true
			}
		}
	}
	return false
}

// between reports whether z lies on some path from x to y (x and y
// excluded), looking at blocks: z's block is reachable from x's and
// reaches y's, with the order inside shared blocks respected when the
// block is not on a cycle.
func (m *Model) between(x, z, y ssa.Instruction) bool {
	bx, bz, by := x.Block(), z.Block(), y.Block()
	if !m.reachFrom(bx)[bz] || !m.reachFrom(bz)[by] {
		return false
	}
	cyc := func(b *ssa.BasicBlock) bool {
		for _, s := range b.Succs {
			if m.reachFrom(s)[b] {
				return true
			}
		}
		return false
	}
	idx := func(i ssa.Instruction) int {
		for j, k := range i.Block().Instrs {
			if k == i {
				return j
			}
		}
		return -1
	}
	if bz == bx && !cyc(bz) && idx(z) < idx(x) {
		return false
	}
	if bz == by && !cyc(bz) && idx(z) > idx(y) {
		return false
	}
	return true
}

// CommonLock reports whether x1 (on t1) and x2 (on t2) hold a lock in
// common on every path reaching them, as the lock engine computes it:
// the two locks' objects may alias in the analysed frame, or, when one
// lock's object cannot be named (taken inside a lock helper), they are of
// the same class. Mutual exclusion orders the two accesses one way or the
// other.
func (m *Model) CommonLock(t1 Thread, x1 ssa.Instruction, t2 Thread, x2 ssa.Instruction) bool {
	h1, h2 := m.locks.HeldAt(x1), m.locks.HeldAt(x2)
	if len(h1) == 0 || len(h2) == 0 {
		return false
	}
	for _, a := range h1 {
		la, oka := m.lockLoc(t1, x1.Parent(), a.Pos)
		for _, b := range h2 {
			lb, okb := m.lockLoc(t2, x2.Parent(), b.Pos)
			if !oka || !okb {
				if a.Key.Class == "" || b.Key.Class == "" || a.Key.Class == b.Key.Class {
					return true
				}
				continue
			}
			if m.Alias(la, lb) != No {
				return true
			}
		}
	}
	return false
}

// Locked reports whether some lock is held on every path to x.
func (m *Model) Locked(x ssa.Instruction) bool { return len(m.locks.HeldAt(x)) > 0 }

// lockLoc finds the lock acquired by the Lock call at pos in fn and
// returns its object in the analysed frame.
func (m *Model) lockLoc(t Thread, fn *ssa.Function, pos token.Pos) (Loc, bool) {
	locs, ok := m.lockLocs[fn]
	if !ok {
		locs = make(map[int]Loc)
		for _, b := range fn.Blocks {
			for _, ins := range b.Instrs {
				c, ok := ins.(ssa.CallInstruction)
				if !ok {
					continue
				}
				switch op, recv := syncapi.CallOp(c.Common()); op {
				case syncapi.Lock, syncapi.RLock, syncapi.TryLock, syncapi.TryRLock:
					if recv != nil {
						locs[int(c.Pos())] = LocOf(recv)
					}
				}
			}
		}
		m.lockLocs[fn] = locs
	}
	l, ok := locs[int(pos)]
	if !ok {
		return Loc{}, false
	}
	if t.Env != nil {
		l, _ = TranslateLoc(l, t.Env)
	}
	return l, true
}

// valueOnly reports whether the receive recv reaches x only when it
// received a value: its ok result guards an if whose true branch
// dominates x.
func valueOnly(recv, x ssa.Instruction) bool {
	u, ok := recv.(*ssa.UnOp)
	if !ok || !u.CommaOk || u.Referrers() == nil {
		return false
	}
	for _, r := range *u.Referrers() {
		ex, ok := r.(*ssa.Extract)
		if !ok || ex.Index != 1 || ex.Referrers() == nil {
			continue
		}
		for _, rr := range *ex.Referrers() {
			if iff, ok := rr.(*ssa.If); ok && len(iff.Block().Succs) == 2 && iff.Block().Succs[0].Dominates(x.Block()) {
				return true
			}
		}
	}
	return false
}
