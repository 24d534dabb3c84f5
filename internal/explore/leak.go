package explore

import (
	"fmt"
	"go/token"
	"os"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// checkLeak looks for goroutines of st that are blocked forever and
// records a finding for each independent deadlock.
//
// A goroutine is blocked when none of the enabled transitions moves it. It
// is blocked forever (stuck) unless something alive can still wake it —
// the definition of the runtime's goroutine leak profile: alive are the
// goroutines that can move (or that the model stopped following), every
// object unknown code can reach, and, transitively, the blocked
// goroutines that those can wake. A goroutine waiting for a lock can be
// woken only by the lock's holders; one waiting on a channel, WaitGroup,
// Cond or Once by anyone alive that can reach the object.
func (m *machine) checkLeak(s *state, ops []*vop, ts []trans) {
	n := len(s.gs)
	moves := make([]bool, n)
	for _, t := range ts {
		moves[t.g] = true
		if t.h >= 0 {
			moves[t.h] = true
		}
	}
	blocked := make([]bool, n)
	anyBlocked := false
	for i, g := range s.gs {
		if g.status == gRunning && !moves[i] && (ops[i] != nil) {
			blocked[i] = true
			anyBlocked = true
		}
	}
	if !anyBlocked {
		return
	}
	live := make([]bool, n)
	marked := make(map[int32]bool)
	for _, id := range s.escaped {
		s.markObj(marked, id)
	}
	markG := func(i int) {
		live[i] = true
		for _, v := range m.roots(s, i) {
			s.mark(marked, v)
		}
	}
	for i, g := range s.gs {
		if g.status == gPaused || g.status == gRunning && !blocked[i] {
			markG(i)
		}
	}
	for changed := true; changed; {
		changed = false
		for i := range s.gs {
			if !blocked[i] || live[i] {
				continue
			}
			if m.wakeable(s, i, ops[i], live, marked) {
				markG(i)
				changed = true
			}
		}
	}
	var stuck []int
	for i := range s.gs {
		// select {} blocks forever on purpose
		if blocked[i] && !live[i] && (ops[i].kind != opSelect || len(ops[i].cases) != 0) {
			stuck = append(stuck, i)
		}
	}
	if debugExplore {
		fmt.Printf("state: blocked=%v live=%v stuck=%v\n", blocked, live, stuck)
		for i, g := range s.gs {
			desc := "-"
			if ops[i] != nil {
				desc = fmt.Sprintf("op %d at %v", ops[i].kind, m.x.prog.Fset.Position(ops[i].pos))
			}
			fmt.Printf("   G%d %s status=%d %s\n", i, m.gname(s, i), g.status, desc)
		}
	}
	if len(stuck) == 0 || s.approx {
		return
	}
	m.report(s, ops, stuck)
}

// roots returns the values goroutine i can use from now on.
func (m *machine) roots(s *state, i int) []value {
	g := s.gs[i]
	var out []value
	for _, f := range g.frames {
		live := f.info.live(f.block, f.pc)
		for j, v := range f.env {
			if live.has(j) {
				out = append(out, v)
			}
		}
		for _, d := range f.defers {
			out = append(out, d.spec.callee)
			out = append(out, d.spec.args...)
		}
		if f.ret.kind == hookOnceDone || f.ret.kind == hookWGDone {
			out = append(out, ptrVal(f.ret.obj, f.ret.path))
		}
	}
	if g.pend != nil {
		out = append(out, g.pend.cs.callee)
		out = append(out, g.pend.t.args...)
		out = append(out, g.pend.t.recv)
	}
	out = append(out, g.lockv)
	return out
}

// waitObjs returns the objects whose use by someone could wake a goroutine
// blocked at op (channels, the object holding a WaitGroup, Cond or Once).
func waitObjs(op *vop) []int32 {
	var ids []int32
	add := func(v value) {
		if v.k == kChan || v.k == kPtr {
			ids = append(ids, v.obj)
		}
	}
	switch op.kind {
	case opSend, opRecv:
		add(op.ch)
	case opSelect:
		for _, c := range op.cases {
			add(c.ch)
		}
	case opWGWait, opParked, opOnce:
		add(op.ptr)
	}
	return ids
}

// isLockWait says whether op waits for a lock.
func isLockWait(op *vop) bool { return op.kind == opLock || op.kind == opRelock }

// lockWakers returns the goroutines that must move for a lock waiter to
// get the lock: the holders, and for a reader behind queued writers, the
// writers too.
func lockWakers(s *state, op *vop) []int {
	if op.ptr.k != kPtr {
		return nil
	}
	sy := s.syncr(op.ptr.obj, op.ptr.path)
	var ws []int
	if sy.writer >= 0 {
		ws = append(ws, sy.writer)
	}
	ws = append(ws, sy.readers...)
	if op.read {
		ws = append(ws, sy.queued...)
	}
	return ws
}

func (m *machine) wakeable(s *state, i int, op *vop, live []bool, marked map[int32]bool) bool {
	if isLockWait(op) {
		for _, h := range lockWakers(s, op) {
			if h != i && h < len(live) && live[h] {
				return true
			}
		}
		if op.ptr.k != kPtr || !marked[op.ptr.obj] {
			return false
		}
		// someone alive can reach the lock: it may release it if the
		// lock is handed between goroutines, or, when the waiter holds it
		// itself, if it is still running (if it never does, a later
		// state shows the waiter stuck)
		sy := s.syncr(op.ptr.obj, op.ptr.path)
		if sy.handoff || m.x.handoff[classOfCell(s.objs[op.ptr.obj], op.ptr.path)] {
			return true
		}
		if w, r := holds(s, i, op.ptr); w || r {
			return reachedByRunning(s, live, i, op.ptr.obj, m)
		}
		// a holder that returned will not release it, but a caller the
		// lock was handed to (it escaped) or a goroutine alive may
		for _, h := range lockWakers(s, op) {
			if h != i && s.gs[h].status == gDone {
				return true
			}
		}
		return false
	}
	for _, id := range waitObjs(op) {
		if marked[id] {
			return true
		}
	}
	return false
}

// report classifies the stuck goroutines of s into independent deadlocks
// and records one finding for each.
func (m *machine) report(s *state, ops []*vop, stuck []int) {
	in := make(map[int]bool, len(stuck))
	for _, g := range stuck {
		in[g] = true
	}
	// blame edges: g → h when stuck h is what g waits for
	reach := make(map[int]map[int32]bool)
	reachOf := func(h int) map[int32]bool {
		if r, ok := reach[h]; ok {
			return r
		}
		r := make(map[int32]bool)
		for _, v := range m.roots(s, h) {
			s.mark(r, v)
		}
		reach[h] = r
		return r
	}
	edges := make(map[int][]int)
	for _, g := range stuck {
		op := ops[g]
		if isLockWait(op) {
			for _, h := range lockWakers(s, op) {
				if in[h] && h != g && !slices.Contains(edges[g], h) {
					edges[g] = append(edges[g], h)
				}
			}
			continue
		}
		objs := waitObjs(op)
		for _, h := range stuck {
			if h == g {
				continue
			}
			r := reachOf(h)
			for _, id := range objs {
				if r[id] {
					edges[g] = append(edges[g], h)
					break
				}
			}
		}
	}
	for _, scc := range bottomSCCs(stuck, edges) {
		m.reportSCC(s, ops, scc)
	}
}

// bottomSCCs returns the strongly connected components of the blame graph
// that blame nobody outside themselves: the deadlocks' causes.
func bottomSCCs(nodes []int, edges map[int][]int) [][]int {
	index := make(map[int]int)
	low := make(map[int]int)
	onStack := make(map[int]bool)
	comp := make(map[int]int)
	var stack []int
	var sccs [][]int
	next := 0
	var strong func(v int)
	strong = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range edges[v] {
			if _, seen := index[w]; !seen {
				strong(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			var c []int
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp[w] = len(sccs)
				c = append(c, w)
				if w == v {
					break
				}
			}
			slices.Sort(c)
			sccs = append(sccs, c)
		}
	}
	for _, v := range nodes {
		if _, seen := index[v]; !seen {
			strong(v)
		}
	}
	var out [][]int
	for ci, c := range sccs {
		bottom := true
		for _, v := range c {
			for _, w := range edges[v] {
				if comp[w] != ci {
					bottom = false
				}
			}
		}
		if bottom {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b []int) int { return a[0] - b[0] })
	return out
}

// heldBy returns the locks goroutine g holds in s, as (object, path).
func heldBy(s *state, g int) []value {
	var out []value
	for id := 1; id < len(s.objs); id++ {
		o := s.objs[id]
		for p, sy := range o.syncs {
			if sy.writer == g || slices.Contains(sy.readers, g) {
				out = append(out, ptrVal(int32(id), p))
			}
		}
	}
	slices.SortFunc(out, func(a, b value) int {
		if a.obj != b.obj {
			return int(a.obj - b.obj)
		}
		if a.path < b.path {
			return -1
		}
		if a.path > b.path {
			return 1
		}
		return 0
	})
	return out
}

func holds(s *state, g int, lock value) (write, read bool) {
	if lock.k != kPtr {
		return false, false
	}
	sy := s.syncr(lock.obj, lock.path)
	return sy.writer == g, slices.Contains(sy.readers, g)
}

// reportSCC records the finding of one deadlock.
func (m *machine) reportSCC(s *state, ops []*vop, scc []int) {
	// 1. a goroutine waiting for a lock it holds itself
	for _, g := range scc {
		op := ops[g]
		if !isLockWait(op) {
			continue
		}
		w, r := holds(s, g, op.ptr)
		if w || r && !op.read {
			m.add(s, ops, scc, g, "doublelock", fmt.Sprintf("goroutine %s blocks forever %s: it already holds it, and Go mutexes are not reentrant", m.gname(s, g), m.opWords(op)), nil)
			return
		}
		if r && op.read {
			sy := s.syncr(op.ptr.obj, op.ptr.path)
			var rel []Related
			writer := "a writer"
			if len(sy.queued) > 0 {
				q := sy.queued[0]
				writer = "goroutine " + m.gname(s, q)
				rel = append(rel, Related{Pos: m.blockedPos(ops, q), Message: fmt.Sprintf("goroutine %s is queued here to write-lock %s", m.gname(s, q), nameOr(op.name, "the lock"))})
			}
			m.add(s, ops, scc, g, "doublelock", fmt.Sprintf("goroutine %s blocks forever %s: it holds a read lock already and %s is waiting to write-lock it, so the recursive read lock waits for the writer, which waits for it", m.gname(s, g), m.opWords(op), writer), rel)
			return
		}
	}
	// 2. a goroutine blocked on a channel (WaitGroup, Cond) while
	// holding a lock that another waits for
	for _, h := range scc {
		if isLockWait(ops[h]) {
			continue
		}
		for _, l := range heldBy(s, h) {
			for _, g := range scc {
				op := ops[g]
				if g == h || !isLockWait(op) || op.ptr.k != kPtr || op.ptr.obj != l.obj || op.ptr.path != l.path {
					continue
				}
				lname := nameOr(op.name, "the lock")
				rel := []Related{
					{Pos: s.syncr(l.obj, l.path).heldAt[h].pos, Message: fmt.Sprintf("%s locked here by goroutine %s", lname, m.gname(s, h))},
					{Pos: m.blockedPos(ops, g), Message: fmt.Sprintf("goroutine %s waits here for %s", m.gname(s, g), lname)},
				}
				m.add(s, ops, scc, h, "chanlock", fmt.Sprintf("goroutine %s blocks forever %s while holding %s: goroutine %s, which it waits for, needs %s first", m.gname(s, h), m.opWords(ops[h]), lname, m.gname(s, g), lname), rel)
				return
			}
		}
	}
	// 3. a cycle of lock waits
	if len(scc) > 1 {
		allLocks := true
		for _, g := range scc {
			if !isLockWait(ops[g]) {
				allLocks = false
			}
		}
		if allLocks {
			g := scc[0]
			op := ops[g]
			var rel []Related
			var others []string
			for _, h := range scc {
				hop := ops[h]
				for _, l := range heldBy(s, h) {
					sy := s.syncr(l.obj, l.path)
					rel = append(rel, Related{Pos: sy.heldAt[h].pos, Message: fmt.Sprintf("goroutine %s holds %s, locked here", m.gname(s, h), m.lockName(s, ops, l, h))})
				}
				if h != g {
					rel = append(rel, Related{Pos: m.blockedPos(ops, h), Message: fmt.Sprintf("goroutine %s waits here for %s", m.gname(s, h), nameOr(hop.name, "a lock"))})
					others = append(others, fmt.Sprintf("goroutine %s holds %s and waits for %s", m.gname(s, h), m.heldNames(s, ops, h), nameOr(hop.name, "a lock")))
				}
			}
			m.add(s, ops, scc, g, "lockorder", fmt.Sprintf("lock-order deadlock: goroutine %s holds %s and blocks forever %s; %s", m.gname(s, g), m.heldNames(s, ops, g), m.opWords(op), joinAnd(others)), rel)
			return
		}
	}
	// 4. nobody left to wake a goroutine
	g := scc[0]
	for _, h := range scc {
		if !isLockWait(ops[h]) {
			g = h
			break
		}
	}
	op := ops[g]
	var rel []Related
	msg := fmt.Sprintf("goroutine %s blocks forever %s: %s", m.gname(s, g), m.opWords(op), m.nobody(op))
	if isLockWait(op) && op.ptr.k == kPtr {
		sy := s.syncr(op.ptr.obj, op.ptr.path)
		for _, h := range lockWakers(s, op) {
			if h == g {
				continue
			}
			rel = append(rel, Related{Pos: sy.heldAt[h].pos, Message: fmt.Sprintf("%s locked here by goroutine %s, which returned without unlocking it", nameOr(op.name, "the lock"), m.gname(s, h))})
			msg = fmt.Sprintf("goroutine %s blocks forever %s: goroutine %s returned without unlocking it", m.gname(s, g), m.opWords(op), m.gname(s, h))
			break
		}
	}
	m.add(s, ops, scc, g, "goroutineleak", msg, rel)
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	out := ""
	for i, p := range parts {
		switch {
		case i == 0:
		case i == len(parts)-1:
			out += " and "
		default:
			out += ", "
		}
		out += p
	}
	return out
}

// lockName names the lock at l as goroutine holder named it where it took
// it, else by the operation of some goroutine on it.
func (m *machine) lockName(s *state, ops []*vop, l value, holder int) string {
	if site, ok := s.syncr(l.obj, l.path).heldAt[holder]; ok && site.name != "" {
		return site.name
	}
	for _, op := range ops {
		if op != nil && isLockWait(op) && op.ptr.k == kPtr && op.ptr.obj == l.obj && op.ptr.path == l.path {
			return nameOr(op.name, "a lock")
		}
	}
	if o := s.objs[l.obj]; o.what != "" && l.path == "" {
		return o.what
	}
	return "a lock"
}

// heldNames lists the locks goroutine g holds.
func (m *machine) heldNames(s *state, ops []*vop, g int) string {
	var names []string
	for _, l := range heldBy(s, g) {
		names = append(names, m.lockName(s, ops, l, g))
	}
	if len(names) == 0 {
		return "no lock"
	}
	return joinAnd(names)
}

// opWords describes a blocked operation: "receiving from ch".
func (m *machine) opWords(op *vop) string {
	switch op.kind {
	case opSend:
		return "sending on " + nameOr(op.name, "a channel")
	case opRecv:
		return "receiving from " + nameOr(op.name, "a channel")
	case opSelect:
		return "in this select"
	case opLock:
		if op.read {
			return "read-locking " + nameOr(op.name, "a lock")
		}
		return "locking " + nameOr(op.name, "a lock")
	case opRelock:
		return "re-locking the lock of a Cond it waited on"
	case opWGWait:
		return "in " + nameOr(op.name, "wg") + ".Wait"
	case opParked:
		return "in Cond.Wait"
	case opOnce:
		return "in " + nameOr(op.name, "once") + ".Do"
	}
	return "here"
}

// nobody explains why a goroutine blocked at op is stuck.
func (m *machine) nobody(op *vop) string {
	switch op.kind {
	case opSend:
		if op.ch.k == kNil {
			return "the channel is nil"
		}
		return "no goroutine left can receive from it"
	case opRecv:
		if op.ch.k == kNil {
			return "the channel is nil"
		}
		return "no goroutine left can send on or close it"
	case opSelect:
		return "no goroutine left can make any of its cases ready"
	case opWGWait:
		return "the counter stays above zero: no goroutine left calls Done"
	case opParked:
		return "no goroutine left can signal it"
	case opOnce:
		return "the function Do runs never returns"
	}
	return "no goroutine left can release it"
}

// blockedPos is where goroutine g is blocked.
func (m *machine) blockedPos(ops []*vop, g int) token.Pos {
	if ops[g] != nil {
		return ops[g].pos
	}
	return token.NoPos
}

// gname names goroutine g by the function it runs, as the runtime does
// in stack traces: "(*T).run.func1".
func (m *machine) gname(s *state, g int) string {
	if fn := s.gs[g].startFn; fn != nil {
		return FuncName(fn)
	}
	return fmt.Sprintf("G%d", g)
}

// add records a finding at goroutine g's blocked operation.
func (m *machine) add(s *state, ops []*vop, scc []int, g int, cat, msg string, rel []Related) {
	op := ops[g]
	key := findingKey{cat, int(op.pos)}
	if m.seen[key] {
		return
	}
	m.seen[key] = true
	f := &Finding{Category: cat, Pos: op.pos, Message: msg}
	// where the goroutine was started, and the calls that led to the
	// blocked operation
	gr := s.gs[g]
	if gr.spawner >= 0 && gr.start.IsValid() {
		f.Related = append(f.Related, Related{Pos: gr.start, Message: fmt.Sprintf("goroutine %s started here", m.gname(s, g))})
	}
	for i := len(gr.frames) - 2; i >= 0; i-- {
		fr := gr.frames[i]
		if p := callSite(fr); p.IsValid() {
			f.Related = append(f.Related, Related{Pos: p, Message: fmt.Sprintf("%s calls %s here", FuncName(fr.fn), FuncName(gr.frames[i+1].fn)), call: true})
		}
	}
	f.Related = append(f.Related, rel...)
	// the trace
	var steps []*step
	for st := s.trace; st != nil; st = st.prev {
		steps = append(steps, st)
	}
	slices.Reverse(steps)
	f.TraceTotal = len(steps)
	if len(steps) > maxTrace {
		steps = steps[len(steps)-maxTrace:]
	}
	for _, st := range steps {
		f.Trace = append(f.Trace, TraceStep{G: st.g, Pos: st.pos, Text: st.text})
	}
	for i := range s.gs {
		f.Goroutines = append(f.Goroutines, GoroutineInfo{ID: i, Name: m.gname(s, i), Start: s.gs[i].start, Stuck: slices.Contains(scc, i)})
	}
	// the final steps: the blocked operations, the reported one first
	f.Blocked = append(f.Blocked, TraceStep{G: g, Pos: op.pos, Text: "blocks forever " + m.opWords(op)})
	for _, h := range scc {
		if h != g {
			f.Blocked = append(f.Blocked, TraceStep{G: h, Pos: ops[h].pos, Text: "blocks forever " + m.opWords(ops[h])})
		}
	}
	m.findings = append(m.findings, f)
}

const maxTrace = 40

// callSite is the position of the call a frame is executing.
func callSite(f *frame) token.Pos {
	b := f.fn.Blocks[f.block]
	if f.pc < len(b.Instrs) {
		if _, ok := b.Instrs[f.pc].(*ssa.RunDefers); ok {
			return b.Instrs[f.pc].Pos()
		}
	}
	if f.pc > 0 && f.pc-1 < len(b.Instrs) {
		return b.Instrs[f.pc-1].Pos()
	}
	return token.NoPos
}

var debugExplore = os.Getenv("EXPLORE_DEBUG") != ""

// reachedByRunning reports whether a goroutine other than i that can still
// move (not paused, not blocked) can reach object id.
func reachedByRunning(s *state, live []bool, i int, id int32, m *machine) bool {
	for h, g := range s.gs {
		if h == i || !live[h] || g.status != gRunning {
			continue
		}
		r := make(map[int32]bool)
		for _, v := range m.roots(s, h) {
			s.mark(r, v)
		}
		for _, e := range s.escaped {
			s.markObj(r, e)
		}
		if r[id] {
			return true
		}
	}
	return false
}
