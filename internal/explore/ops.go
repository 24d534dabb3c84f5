package explore

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/syncapi"
)

// opKind is a visible (synchronising) operation: only these interleave.
type opKind uint8

const (
	opNone opKind = iota
	opSend
	opRecv
	opSelect
	opClose
	opLock   // read: RLock
	opUnlock // read: RUnlock
	opTryLock
	opWGAdd
	opWGGo
	opWGWait
	opCondWait
	opSignal // all: Broadcast
	opOnce
	opCancel
	opAtomic
	opRelock // re-acquire a Cond's lock after being signalled
	opParked // parked in Cond.Wait: only a signal moves it
)

// vop is the visible operation a goroutine is positioned at.
type vop struct {
	kind      opKind
	read      bool // RLock/RUnlock; Broadcast for opSignal
	rw        bool // the lock is an RWMutex (writers queue)
	ch        value
	val       value
	cases     []selCase
	blocking  bool
	ptr       value // the lock, WaitGroup, Cond, Once or atomic variable
	delta     value // WaitGroup.Add
	fn        value // Once.Do's callback, WaitGroup.Go's function
	atomic    string
	args      []value
	commaOk   bool
	pos       token.Pos
	name      string // the operand as written ("s.mu", "ch")
	fromDefer bool
	pending   bool
}

type selCase struct {
	send bool
	ch   value
	val  value
	pos  token.Pos
	name string
}

// opAt returns the visible operation goroutine gi is positioned at, or nil
// when its next instruction is local.
func (m *machine) opAt(st *state, gi int) *vop {
	g := st.gs[gi]
	if g.status != gRunning {
		return nil
	}
	switch g.wait {
	case wCond:
		return &vop{kind: opParked, ptr: ptrVal(g.waitObj, g.waitPath), pos: g.waitPos}
	case wRelock:
		return &vop{kind: opRelock, ptr: g.lockv, read: g.lockRead, pos: g.waitPos}
	}
	if g.pend != nil {
		op := m.targetOp(g.pend.t, g.pend.cs)
		if op != nil {
			op.pending = true
		}
		return op
	}
	if len(g.frames) == 0 {
		return nil
	}
	f := g.frames[len(g.frames)-1]
	ins := f.fn.Blocks[f.block].Instrs[f.pc]
	switch ins := ins.(type) {
	case *ssa.Send:
		return &vop{kind: opSend, ch: m.eval(st, gi, ins.Chan), val: m.eval(st, gi, ins.X), pos: ins.Pos(), name: describe(ins.Chan)}
	case *ssa.UnOp:
		if ins.Op == token.ARROW {
			return &vop{kind: opRecv, ch: m.eval(st, gi, ins.X), commaOk: ins.CommaOk, pos: ins.Pos(), name: describe(ins.X)}
		}
	case *ssa.Select:
		op := &vop{kind: opSelect, blocking: ins.Blocking, pos: ins.Pos()}
		for _, c := range ins.States {
			sc := selCase{send: c.Dir == types.SendOnly, ch: m.eval(st, gi, c.Chan), pos: c.Pos, name: describe(c.Chan)}
			if sc.send {
				sc.val = m.eval(st, gi, c.Send)
			}
			op.cases = append(op.cases, sc)
		}
		return op
	case *ssa.Call:
		cs := m.spec(st, gi, ins.Common(), ins.Pos())
		op := m.targetOp(m.resolve(cs), cs)
		if op != nil {
			op.name = m.operandName(ins.Common())
		}
		return op
	case *ssa.RunDefers:
		if len(f.defers) == 0 {
			return nil
		}
		d := f.defers[len(f.defers)-1]
		op := m.targetOp(m.resolve(d.spec), d.spec)
		if op != nil {
			op.fromDefer = true
			if d.spec.common != nil {
				op.name = m.operandName(d.spec.common)
			}
		}
		return op
	}
	return nil
}

// targetOp is the visible operation of a resolved call, or nil.
func (m *machine) targetOp(t target, cs callSpec) *vop {
	switch t.kind {
	case tClose:
		var ch value
		if len(t.args) > 0 {
			ch = t.args[0]
		}
		return &vop{kind: opClose, ch: ch, pos: cs.pos}
	case tCancel:
		return &vop{kind: opCancel, ptr: t.recv, pos: cs.pos}
	case tAtomic:
		return &vop{kind: opAtomic, ptr: t.recv, args: t.args, atomic: t.name, pos: cs.pos}
	case tOp:
	default:
		return nil
	}
	op := &vop{ptr: t.recv, pos: cs.pos, rw: isRW(cs)}
	switch t.op {
	case syncapi.Lock:
		op.kind = opLock
	case syncapi.RLock:
		op.kind, op.read, op.rw = opLock, true, true
	case syncapi.Unlock:
		op.kind = opUnlock
	case syncapi.RUnlock:
		op.kind, op.read, op.rw = opUnlock, true, true
	case syncapi.TryLock:
		op.kind = opTryLock
	case syncapi.TryRLock:
		op.kind, op.read, op.rw = opTryLock, true, true
	case syncapi.WGAdd:
		op.kind = opWGAdd
		op.delta = unknown
		if len(t.args) > 0 {
			op.delta = t.args[0]
		}
	case syncapi.WGDone:
		op.kind, op.delta = opWGAdd, intVal(-1)
	case syncapi.WGWait:
		op.kind = opWGWait
	case syncapi.WGGo:
		op.kind = opWGGo
		if len(t.args) > 0 {
			op.fn = t.args[0]
		}
	case syncapi.CondWait:
		op.kind = opCondWait
	case syncapi.CondSignal:
		op.kind = opSignal
	case syncapi.CondBroadcast:
		op.kind, op.read = opSignal, true
	case syncapi.OnceDo:
		op.kind = opOnce
		if len(t.args) > 0 {
			op.fn = t.args[0]
		}
	default:
		return nil
	}
	return op
}

// isRW reports whether a lock call is on an RWMutex (whose writers queue
// ahead of new readers).
func isRW(cs callSpec) bool {
	if cs.common == nil {
		return false
	}
	if fn := syncapi.Callee(cs.common); fn != nil {
		return strings.Contains(fn.FullName(), "RWMutex")
	}
	return false
}

// operandName renders the object of a sync call as written.
func (m *machine) operandName(c *ssa.CallCommon) string {
	if syncapi.IsBuiltin(c, "close") && len(c.Args) > 0 {
		return describe(c.Args[0])
	}
	if _, recv := syncapi.CallOp(c); recv != nil {
		return describe(recv)
	}
	if c.IsInvoke() {
		return describe(c.Value)
	}
	if len(c.Args) > 0 {
		return describe(c.Args[0])
	}
	return describe(c.Value)
}

// describe renders an SSA value as the source expression it comes from,
// best effort ("s.mu", "ch", "wg").
func describe(v ssa.Value) string {
	return describeDepth(v, 0)
}

func describeDepth(v ssa.Value, depth int) string {
	if depth > 6 {
		return "…"
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		return v.Name()
	case *ssa.FreeVar:
		return v.Name()
	case *ssa.Global:
		return v.Name()
	case *ssa.Alloc:
		if v.Comment != "" && !strings.Contains(v.Comment, " ") {
			return v.Comment
		}
		return "a local"
	case *ssa.FieldAddr:
		if f := fieldName(v.X.Type(), v.Field); f != "" {
			return describeDepth(v.X, depth+1) + "." + f
		}
	case *ssa.Field:
		if f := fieldName(v.X.Type(), v.Field); f != "" {
			return describeDepth(v.X, depth+1) + "." + f
		}
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return describeDepth(v.X, depth+1)
		}
	case *ssa.MakeInterface:
		return describeDepth(v.X, depth+1)
	case *ssa.ChangeInterface:
		return describeDepth(v.X, depth+1)
	case *ssa.ChangeType:
		return describeDepth(v.X, depth+1)
	case *ssa.MakeChan:
		return "a channel"
	case *ssa.Call:
		if fn := syncapi.Callee(v.Common()); fn != nil {
			if v.Common().Signature().Recv() != nil && len(v.Common().Args) > 0 {
				return describeDepth(v.Common().Args[0], depth+1) + "." + fn.Name() + "()"
			}
			if v.Common().IsInvoke() {
				return describeDepth(v.Common().Value, depth+1) + "." + fn.Name() + "()"
			}
			return fn.Name() + "()"
		}
	case *ssa.Phi:
		if v.Comment != "" {
			return v.Comment
		}
	case *ssa.IndexAddr:
		return describeDepth(v.X, depth+1) + "[…]"
	case *ssa.Lookup:
		return describeDepth(v.X, depth+1) + "[…]"
	}
	if n := v.Name(); n != "" && !strings.HasPrefix(n, "t") {
		return n
	}
	return "it"
}

func fieldName(t types.Type, i int) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if st, ok := t.Underlying().(*types.Struct); ok && i < st.NumFields() {
		return st.Field(i).Name()
	}
	return ""
}

// visible reports whether instruction ins of goroutine gi is a visible
// operation (one that interleaves).
func (m *machine) visible(st *state, gi int, ins ssa.Instruction) bool {
	switch ins := ins.(type) {
	case *ssa.Send, *ssa.Select:
		return true
	case *ssa.UnOp:
		return ins.Op == token.ARROW
	case *ssa.Call, *ssa.RunDefers:
		return m.opAt(st, gi) != nil
	}
	return false
}

type ownedResult uint8

const (
	notOwned     ownedResult = iota // a scheduling point
	ownedRan                        // executed as a local step
	ownedDropped                    // executed, and the path ended
)

// runOwned executes gi's visible operation as a local step when it only
// touches objects no other goroutine and no unknown code can reach (a
// channel, lock or WaitGroup the goroutine has not shared yet) and it can
// proceed on its own: no interleaving can change its outcome.
func (m *machine) runOwned(s *state, gi int) ownedResult {
	op := m.opAt(s, gi)
	if op == nil {
		return notOwned
	}
	var objs []int32
	switch op.kind {
	case opSend, opRecv, opClose:
		if op.ch.k != kChan {
			return notOwned
		}
		objs = append(objs, op.ch.obj)
	case opLock, opUnlock, opTryLock, opWGAdd, opWGWait:
		if op.ptr.k != kPtr {
			return notOwned
		}
		objs = append(objs, op.ptr.obj)
	case opSelect:
		for _, c := range op.cases {
			if c.ch.k != kChan {
				return notOwned
			}
			objs = append(objs, c.ch.obj)
		}
	default:
		return notOwned
	}
	shared := m.sharedObjs(s, gi)
	for _, id := range objs {
		if shared[id] {
			return notOwned
		}
	}
	ops := make([]*vop, len(s.gs))
	ops[gi] = op
	ts := m.transitions(s, ops)
	if len(ts) != 1 || ts[0].kind != trOp {
		return notOwned
	}
	if ok, _ := m.effect(s, ops, ts[0]); !ok {
		return ownedDropped
	}
	return ownedRan
}

// sharedObjs returns the objects that unknown code or a goroutine other
// than gi can reach.
func (m *machine) sharedObjs(s *state, gi int) map[int32]bool {
	r := make(map[int32]bool)
	for _, id := range s.escaped {
		s.markObj(r, id)
	}
	for h, g := range s.gs {
		if h == gi || g.status == gDone {
			continue
		}
		for _, v := range m.roots(s, h) {
			s.mark(r, v)
		}
	}
	return r
}
