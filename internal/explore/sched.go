package explore

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// trans is one enabled step of a state.
type trans struct {
	kind  transKind
	g     int // the goroutine that moves
	gcase int // its select case (-1: not a select; -2: default)
	h     int // rendezvous partner (-1 none)
	hcase int
	w     int // Cond.Signal: the waiter woken (-1 none)
}

type transKind uint8

const (
	trOp      transKind = iota // g executes its operation (or select case gcase)
	trMeet                     // g sends to h on an unbuffered channel
	trQueue                    // g queues as a writer on an RWMutex
	trDefault                  // g takes its select's default
)

// chanOf classifies a channel operand.
type chanKind uint8

const (
	cNil chanKind = iota
	cUnknown
	cKnown
)

func chanOf(st *state, v value) (chanKind, *chanState) {
	switch v.k {
	case kNil:
		return cNil, nil
	case kChan:
		if c := st.objs[v.obj].ch; c != nil {
			return cKnown, c
		}
	}
	return cUnknown, nil
}

// recvReady says whether a receive on v can complete now: definitely
// (data or closed) or maybe (the environment feeds it).
func recvReady(st *state, v value) (definite, maybe bool) {
	k, c := chanOf(st, v)
	switch k {
	case cNil:
		return false, false
	case cUnknown:
		return false, true
	}
	if len(c.buf) > 0 || c.closed {
		return true, false
	}
	return false, c.env
}

// sendReady says whether a send on v completes without a partner.
func sendReady(st *state, v value) (definite, maybe bool) {
	k, c := chanOf(st, v)
	switch k {
	case cNil:
		return false, false
	case cUnknown:
		return false, true
	}
	if c.closed {
		return true, false // it panics: the path is dropped
	}
	if c.env {
		return false, true
	}
	if c.cap < 0 || int64(len(c.buf)) < c.cap {
		return true, false
	}
	return false, false
}

// transitions enumerates the enabled steps of st, given each goroutine's
// operation. Rendezvous are listed from the sender's side.
func (m *machine) transitions(st *state, ops []*vop) []trans {
	var ts []trans
	definite := make([]bool, len(ops))
	add := func(t trans, def bool) {
		ts = append(ts, t)
		if def && t.kind == trOp {
			definite[t.g] = true
		}
	}
	self := func(g, c int, def bool) { add(trans{kind: trOp, g: g, gcase: c, h: -1, w: -1}, def) }
	// receivers of each channel object: goroutine, case (-1 plain)
	recvs := func(obj int32, not int, f func(h, hc int)) {
		for h, op := range ops {
			if h == not || op == nil {
				continue
			}
			switch op.kind {
			case opRecv:
				if op.ch.k == kChan && op.ch.obj == obj {
					f(h, -1)
				}
			case opSelect:
				for j, c := range op.cases {
					if !c.send && c.ch.k == kChan && c.ch.obj == obj {
						f(h, j)
					}
				}
			}
		}
	}
	send := func(g, c int, ch value) {
		def, maybe := sendReady(st, ch)
		if def || maybe {
			self(g, c, def)
			return
		}
		if ch.k == kChan {
			recvs(ch.obj, g, func(h, hc int) {
				add(trans{kind: trMeet, g: g, gcase: c, h: h, hcase: hc, w: -1}, true)
			})
		}
	}
	for gi, op := range ops {
		if op == nil {
			continue
		}
		switch op.kind {
		case opSend:
			send(gi, -1, op.ch)
		case opRecv:
			if def, maybe := recvReady(st, op.ch); def || maybe {
				self(gi, -1, def)
			}
		case opSelect:
			for i, c := range op.cases {
				if c.send {
					send(gi, i, c.ch)
				} else if def, maybe := recvReady(st, c.ch); def || maybe {
					self(gi, i, def)
				}
			}
		case opLock, opRelock:
			if op.ptr.k != kPtr {
				self(gi, -1, true)
				break
			}
			s := st.syncr(op.ptr.obj, op.ptr.path)
			switch {
			case op.read && s.writer < 0 && len(s.queued) == 0:
				self(gi, -1, true)
			case !op.read && !s.held():
				self(gi, -1, true)
			case op.kind == opLock && !op.read && op.rw && !slices.Contains(s.queued, gi):
				add(trans{kind: trQueue, g: gi, gcase: -1, h: -1, w: -1}, true)
			}
		case opWGWait:
			if op.ptr.k != kPtr {
				self(gi, -1, true)
				break
			}
			s := st.syncr(op.ptr.obj, op.ptr.path)
			if s.count == 0 || s.unknown {
				self(gi, -1, true)
			}
		case opOnce:
			if op.ptr.k != kPtr || st.syncr(op.ptr.obj, op.ptr.path).once != 1 {
				self(gi, -1, true)
			}
		case opSignal:
			if op.ptr.k == kPtr && !op.read {
				if ws := st.syncr(op.ptr.obj, op.ptr.path).waiters; len(ws) > 0 {
					for _, w := range ws {
						add(trans{kind: trOp, g: gi, gcase: -1, h: -1, w: w}, true)
					}
					break
				}
			}
			self(gi, -1, true)
		case opParked:
			// only a Signal or Broadcast moves it
		default:
			self(gi, -1, true)
		}
	}
	// Defaults of non-blocking selects: a select takes its default unless
	// a case is ready by the state of its channel (buffered data or room,
	// closed). A partner positioned at the other end of an unbuffered
	// channel may not have arrived yet: the scheduler can delay it.
	for gi, op := range ops {
		if op != nil && op.kind == opSelect && !op.blocking && !definite[gi] {
			add(trans{kind: trDefault, g: gi, gcase: -2, h: -1, w: -1}, false)
		}
	}
	return ts
}

// apply executes transition t on a copy of st and returns the settled
// successors.
func (m *machine) apply(st *state, ops []*vop, t trans) []*state {
	s := st.clone()
	s.g(t.g).visibleOps++
	if t.h >= 0 {
		s.g(t.h).visibleOps++
	}
	ok, involved := m.effect(s, ops, t)
	if !ok {
		return nil
	}
	if len(involved) == 0 {
		return []*state{s}
	}
	return m.settle(s, involved...)
}

// effect executes transition t on s in place. It reports false when the
// path ends (a panic, a fatal error), and the goroutines to settle.
func (m *machine) effect(s *state, ops []*vop, t trans) (bool, []int) {
	op := ops[t.g]
	involved := []int{t.g}
	switch t.kind {
	case trQueue:
		sy := s.syncw(op.ptr.obj, op.ptr.path)
		sy.queued = insertSorted(sy.queued, t.g)
		s.addStep(t.g, op.pos, "waits to lock "+op.name+" (queued writer: new readers now block)")
		return true, nil
	case trDefault:
		s.addStep(t.g, op.pos, "takes the select's default")
		m.finish(s, t.g, op, m.selectResult(op, -1, value{}, false))
		return true, involved
	case trMeet:
		hop := ops[t.h]
		involved = append(involved, t.h)
		var v value
		var chName string
		if t.gcase >= 0 {
			v, chName = op.cases[t.gcase].val, op.cases[t.gcase].name
			m.finish(s, t.g, op, m.selectResult(op, t.gcase, value{}, false))
		} else {
			v, chName = op.val, op.name
			m.finish(s, t.g, op, value{})
		}
		s.addStep(t.g, posOf(op, t.gcase), "sends on "+chName)
		if t.hcase >= 0 {
			m.finish(s, t.h, hop, m.selectResult(hop, t.hcase, v, true))
		} else {
			m.finish(s, t.h, hop, recvResult(hop, v, true))
		}
		s.addStep(t.h, posOf(hop, t.hcase), "receives from "+chName)
		return true, involved
	}
	// trOp
	switch op.kind {
	case opSend:
		if !m.sendSelf(s, op.ch, op.val) {
			return false, nil
		}
		s.addStep(t.g, op.pos, "sends on "+op.name)
		m.finish(s, t.g, op, value{})
	case opRecv:
		v, ok, text := m.recvSelf(s, op.ch, op.name)
		s.addStep(t.g, op.pos, text)
		m.finish(s, t.g, op, recvResult(op, v, ok))
	case opSelect:
		c := op.cases[t.gcase]
		if c.send {
			if !m.sendSelf(s, c.ch, c.val) {
				return false, nil
			}
			s.addStep(t.g, c.pos, "selects the send on "+c.name)
			m.finish(s, t.g, op, m.selectResult(op, t.gcase, value{}, false))
		} else {
			v, ok, text := m.recvSelf(s, c.ch, c.name)
			s.addStep(t.g, c.pos, "selects: "+text)
			m.finish(s, t.g, op, m.selectResult(op, t.gcase, v, ok))
		}
	case opClose:
		switch k, c := chanOf(s, op.ch); k {
		case cNil:
			return false, nil // close of nil channel panics
		case cKnown:
			if c.closed {
				return false, nil // close of closed channel panics
			}
			s.obj(op.ch.obj).ch.closed = true
		}
		s.addStep(t.g, op.pos, "closes "+nameOr(op.name, "the channel"))
		m.finish(s, t.g, op, value{})
	case opLock, opRelock:
		if op.ptr.k == kPtr {
			sy := s.syncw(op.ptr.obj, op.ptr.path)
			acquire(sy, t.g, op.read, op.pos, op.name)
		}
		verb := "locks "
		if op.read {
			verb = "read-locks "
		}
		if op.kind == opRelock {
			g := s.g(t.g)
			g.wait = wNone
			s.addStep(t.g, op.pos, "wakes and re-locks the Cond's lock")
			m.finish(s, t.g, &vop{kind: opCondWait}, value{})
		} else {
			s.addStep(t.g, op.pos, verb+nameOr(op.name, "the lock"))
			m.finish(s, t.g, op, value{})
		}
	case opUnlock:
		if op.ptr.k == kPtr {
			sy := s.syncw(op.ptr.obj, op.ptr.path)
			if !release(sy, t.g, op.read) {
				return false, nil // fatal error: unlock of unlocked mutex
			}
		}
		verb := "unlocks "
		if op.read {
			verb = "read-unlocks "
		}
		s.addStep(t.g, op.pos, verb+nameOr(op.name, "the lock"))
		m.finish(s, t.g, op, value{})
	case opTryLock:
		var ok bool
		if op.ptr.k == kPtr {
			sy := s.syncw(op.ptr.obj, op.ptr.path)
			if op.read {
				ok = sy.writer < 0 && len(sy.queued) == 0
			} else {
				ok = !sy.held()
			}
			if ok {
				acquire(sy, t.g, op.read, op.pos, op.name)
			}
		} else {
			v := s.benignSym()
			s.addStep(t.g, op.pos, "tries to lock "+nameOr(op.name, "the lock"))
			m.finish(s, t.g, op, v)
			break
		}
		s.addStep(t.g, op.pos, fmt.Sprintf("tries to lock %s: %v", nameOr(op.name, "the lock"), ok))
		m.finish(s, t.g, op, boolVal(ok))
	case opWGAdd:
		if op.ptr.k == kPtr {
			sy := s.syncw(op.ptr.obj, op.ptr.path)
			if op.delta.k == kInt {
				sy.count += op.delta.n
				if sy.count < 0 && !sy.unknown {
					return false, nil // negative WaitGroup counter panics
				}
			} else {
				sy.unknown = true
			}
		}
		if op.delta.k == kInt && op.delta.n == -1 {
			s.addStep(t.g, op.pos, "calls "+nameOr(op.name, "wg")+".Done()")
		} else if op.delta.k == kInt {
			s.addStep(t.g, op.pos, fmt.Sprintf("calls %s.Add(%d)", nameOr(op.name, "wg"), op.delta.n))
		} else {
			s.addStep(t.g, op.pos, "calls "+nameOr(op.name, "wg")+".Add")
		}
		m.finish(s, t.g, op, value{})
	case opWGGo:
		if op.ptr.k == kPtr {
			sy := s.syncw(op.ptr.obj, op.ptr.path)
			sy.count++
		}
		s.addStep(t.g, op.pos, "calls "+nameOr(op.name, "wg")+".Go")
		m.finish(s, t.g, op, value{})
		cs := callSpec{callee: op.fn, pos: op.pos}
		hook := retHook{}
		if op.ptr.k == kPtr {
			hook = retHook{kind: hookWGDone, obj: op.ptr.obj, path: op.ptr.path}
		}
		m.startGoroutine(s, t.g, m.resolve(cs), cs, op.pos, hook)
	case opWGWait:
		s.addStep(t.g, op.pos, nameOr(op.name, "wg")+".Wait() returns")
		m.finish(s, t.g, op, value{})
	case opCondWait:
		if !m.condWait(s, t.g, op) {
			return false, nil
		}
		return true, nil
	case opSignal:
		verb := "signals "
		if op.read {
			verb = "broadcasts on "
		}
		if op.ptr.k == kPtr {
			sy := s.syncw(op.ptr.obj, op.ptr.path)
			var wake []int
			if op.read {
				wake, sy.waiters = sy.waiters, nil
			} else if t.w >= 0 {
				wake = []int{t.w}
				sy.waiters = slices.DeleteFunc(sy.waiters, func(x int) bool { return x == t.w })
			}
			for _, w := range wake {
				s.g(w).wait = wRelock
			}
		}
		s.addStep(t.g, op.pos, verb+nameOr(op.name, "the Cond"))
		m.finish(s, t.g, op, value{})
	case opOnce:
		done := true
		if op.ptr.k == kPtr {
			sy := s.syncw(op.ptr.obj, op.ptr.path)
			if sy.once == 0 {
				sy.once = 1
				done = false
			}
		}
		if done {
			s.addStep(t.g, op.pos, nameOr(op.name, "once")+".Do returns (already done)")
			m.finish(s, t.g, op, value{})
			break
		}
		s.addStep(t.g, op.pos, "runs "+nameOr(op.name, "once")+".Do")
		m.finish(s, t.g, op, value{})
		cs := callSpec{callee: op.fn, pos: op.pos}
		ft := m.resolve(cs)
		if ft.kind == tInline && len(s.gs[t.g].frames) > 0 {
			m.push(s, t.g, ft.fn, ft.args, ft.bindings, -1, retHook{kind: hookOnceDone, obj: op.ptr.obj, path: op.ptr.path})
		} else {
			s.syncw(op.ptr.obj, op.ptr.path).once = 2
			m.unknownCall(s, []value{op.fn}, nil)
		}
	case opCancel:
		m.cancel(s, op.ptr.obj)
		s.addStep(t.g, op.pos, "cancels the context")
		m.finish(s, t.g, op, value{})
	case opAtomic:
		v := m.atomicOp(s, op)
		m.finish(s, t.g, op, v)
	case opParked:
		return false, nil
	}
	return true, involved
}

func posOf(op *vop, c int) token.Pos {
	if c >= 0 && c < len(op.cases) && op.cases[c].pos.IsValid() {
		return op.cases[c].pos
	}
	return op.pos
}

func nameOr(name, def string) string {
	if name == "" || name == "it" || name == "…" {
		return def
	}
	return name
}

func insertSorted(xs []int, x int) []int {
	i, found := slices.BinarySearch(xs, x)
	if found {
		return xs
	}
	return slices.Insert(slices.Clone(xs), i, x)
}

func acquire(sy *syncState, g int, read bool, pos token.Pos, name string) {
	if read {
		sy.readers = append(sy.readers, g)
		slices.Sort(sy.readers)
	} else {
		sy.writer = g
		sy.queued = slices.DeleteFunc(sy.queued, func(x int) bool { return x == g })
	}
	if sy.heldAt == nil {
		sy.heldAt = make(map[int]lockSite)
	}
	sy.heldAt[g] = lockSite{pos, name}
}

// release unlocks; it reports false for an unlock of an unlocked lock.
// Unlocking a lock another goroutine holds marks it handed off.
func release(sy *syncState, g int, read bool) bool {
	if read {
		if len(sy.readers) == 0 {
			return false
		}
		i := slices.Index(sy.readers, g)
		if i < 0 {
			i = 0
			sy.handoff = true
		}
		sy.readers = slices.Delete(sy.readers, i, i+1)
		return true
	}
	if sy.writer < 0 {
		return false
	}
	if sy.writer != g {
		sy.handoff = true
	}
	delete(sy.heldAt, sy.writer)
	sy.writer = -1
	return true
}

// sendSelf sends without a partner (buffered, unknown or environment
// channel). It reports false when the send panics.
func (m *machine) sendSelf(s *state, ch, v value) bool {
	switch k, c := chanOf(s, ch); k {
	case cNil:
		return false
	case cUnknown:
		s.escape(v)
	default:
		if c.closed {
			return false
		}
		if c.env {
			s.escape(v)
			return true
		}
		o := s.obj(ch.obj)
		o.ch.buf = append(o.ch.buf, v)
	}
	return true
}

// recvSelf receives without a partner.
func (m *machine) recvSelf(s *state, ch value, name string) (value, bool, string) {
	name = nameOr(name, "the channel")
	k, c := chanOf(s, ch)
	if k != cKnown {
		return s.newSym(), true, "receives from " + name
	}
	if len(c.buf) > 0 {
		o := s.obj(ch.obj)
		v := o.ch.buf[0]
		o.ch.buf = o.ch.buf[1:]
		return v, true, "receives from " + name
	}
	if c.closed {
		return value{}, false, "receives from closed " + name
	}
	// environment: a timer fires or a deadline passes
	return s.newSym(), true, "receives from " + name + " (a timer or deadline fires)"
}

func recvResult(op *vop, v value, ok bool) value {
	if op.commaOk {
		return value{k: kTuple, sub: []value{v, boolVal(ok)}}
	}
	return v
}

// selectResult builds a Select's tuple (index, recvOk, r0, r1, ...): one
// r per receive case.
func (m *machine) selectResult(op *vop, idx int, v value, ok bool) value {
	sub := []value{intVal(int64(idx)), boolVal(ok)}
	for i, c := range op.cases {
		if c.send {
			continue
		}
		if i == idx {
			sub = append(sub, v)
		} else {
			sub = append(sub, unknown)
		}
	}
	return value{k: kTuple, sub: sub}
}

// finish completes gi's operation with result v: the goroutine moves past
// its instruction (or pops the deferred call, or ends its pending call).
func (m *machine) finish(s *state, gi int, op *vop, v value) {
	g := s.g(gi)
	if op.pending {
		g.pend = nil
		g.status = gDone
		return
	}
	if op.fromDefer {
		f := s.top(gi)
		f.defers = f.defers[:len(f.defers)-1]
		return
	}
	f := s.top(gi)
	ins := f.fn.Blocks[f.block].Instrs[f.pc]
	if val, ok := ins.(ssa.Value); ok {
		if i, ok := f.info.index[val]; ok {
			f.env[i] = v
		}
	}
	f.pc++
}

// condWait parks gi in Cond.Wait: it releases the Cond's lock and waits
// for a signal. It reports false when the lock is not held.
func (m *machine) condWait(s *state, gi int, op *vop) bool {
	if op.ptr.k != kPtr {
		// an unknown Cond: the environment signals it
		s.addStep(gi, op.pos, "waits on "+nameOr(op.name, "the Cond"))
		m.finish(s, gi, op, value{})
		return true
	}
	o := s.objs[op.ptr.obj]
	l := unknown
	if i := fieldIndex(pathType(o, op.ptr.path), "L"); i >= 0 {
		l, _ = m.load(s, ptrVal(op.ptr.obj, pathField(op.ptr.path, i)), nil)
	}
	read := false
	switch {
	case l.k == kSpecial && l.n == spRLocker:
		l, read = l.sub[0], true
	default:
		l = unwrap(l)
	}
	if l.k == kPtr {
		sy := s.syncw(l.obj, l.path)
		if !release(sy, gi, read) {
			return false
		}
	}
	g := s.g(gi)
	g.wait, g.waitObj, g.waitPath, g.waitPos = wCond, op.ptr.obj, op.ptr.path, op.pos
	g.lockv, g.lockRead = l, read
	sy := s.syncw(op.ptr.obj, op.ptr.path)
	sy.waiters = append(sy.waiters, gi)
	s.addStep(gi, op.pos, "waits on "+nameOr(op.name, "the Cond")+" (releasing its lock)")
	return true
}

// pathType returns the type of the cell at path in o.
func pathType(o *object, path string) types.Type {
	t := o.typ
	for _, e := range splitPath(path) {
		t = elemType(t, e.tag, e.n)
	}
	return t
}

// cancel closes the done channel of context obj and of every context
// derived from it.
func (m *machine) cancel(s *state, obj int32) {
	if obj <= 0 || int(obj) >= len(s.objs) || s.objs[obj].ctx == nil {
		return
	}
	for id := 1; id < len(s.objs); id++ {
		o := s.objs[id]
		if o == nil || o.ctx == nil {
			continue
		}
		// is obj an ancestor of (or) o?
		for a := int32(id); a != 0; a = s.objs[a].ctx.parent {
			if a == obj {
				if d := o.ctx.done; d > 0 && !s.objs[d].ch.closed {
					s.obj(d).ch.closed = true
				}
				break
			}
		}
	}
}

// atomicOp executes a sync/atomic operation on the variable op.ptr
// points to. Functions (atomic.AddInt32(&x, 1)) work on the cell; the
// methods of atomic types keep the value in the type's sync state.
func (m *machine) atomicOp(s *state, op *vop) value {
	name := op.atomic
	verb := name
	if i := strings.LastIndexAny(name, ".)"); i >= 0 {
		verb = name[i+1:]
	}
	method := strings.HasPrefix(name, "(")
	ptr := op.ptr
	args := op.args
	if !method && len(args) > 0 {
		ptr, args = args[0], args[1:]
	}
	arg := func(i int) value {
		if i < len(args) {
			return args[i]
		}
		return unknown
	}
	if ptr.k != kPtr {
		for _, a := range args {
			s.escape(a)
		}
		return s.benignSym()
	}
	get := func() value {
		if method {
			sy := s.syncr(ptr.obj, ptr.path)
			if sy.unknown {
				return s.benignSym()
			}
			return intVal(sy.count)
		}
		v, _ := m.load(s, ptr, nil)
		return v
	}
	put := func(v value) {
		if method {
			sy := s.syncw(ptr.obj, ptr.path)
			if v.k == kInt {
				sy.count, sy.unknown = v.n, false
			} else {
				sy.unknown = true
			}
			return
		}
		m.store(s, ptr, v)
	}
	switch {
	case strings.HasPrefix(verb, "Load"):
		return get()
	case strings.HasPrefix(verb, "Store"):
		put(arg(0))
		return value{}
	case strings.HasPrefix(verb, "Swap"):
		old := get()
		put(arg(0))
		return old
	case strings.HasPrefix(verb, "Add"):
		nv := m.binop(s, token.ADD, get(), arg(0))
		put(nv)
		return nv
	case strings.HasPrefix(verb, "CompareAndSwap"):
		eq, ok := sameValue(get(), arg(0))
		if !ok {
			put(unknown)
			return s.benignSym()
		}
		if eq {
			put(arg(1))
		}
		return boolVal(eq)
	}
	return s.benignSym()
}
