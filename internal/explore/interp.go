package explore

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Limits of the interpreter (per goroutine and per transition).
const (
	maxFrames      = 24   // call depth; deeper calls are unknown calls
	maxRecursion   = 2    // activations of one function on a stack
	loopBoundSync  = 3    // iterations of a loop that did synchronisation
	loopBoundConst = 20   // ... of a counted loop (its exit test is constant)
	loopBoundLocal = 5000 // iterations of a purely local loop
	maxLocalSteps  = 20000
	maxForks       = 256 // paths through one goroutine's local steps
)

// outcome of executing one instruction.
type outcome uint8

const (
	okNext    outcome = iota // continue with the next instruction
	okDiscard                // the path ends the program or the test: drop it
	okFork                   // the state was split: continue with the forks
	okStop                   // the goroutine is no longer running (done, paused)
)

// settle runs goroutine gi's local instructions until it reaches a visible
// operation, finishes or pauses, then settles the goroutines it started.
// Branches on unknown data split the state; paths that end the program are
// dropped. It returns the resulting states.
func (m *machine) settle(st *state, gis ...int) []*state {
	work := []*state{st}
	for _, gi := range gis {
		var next []*state
		for _, s := range work {
			next = append(next, m.settleOne(s, gi)...)
		}
		work = next
	}
	// goroutines started while settling
	var out []*state
	for len(work) > 0 {
		s := work[len(work)-1]
		work = work[:len(work)-1]
		if len(s.pending) == 0 {
			out = append(out, s)
			continue
		}
		gi := s.pending[0]
		s.pending = s.pending[1:]
		work = append(work, m.settleOne(s, gi)...)
	}
	// deterministic order (work was used as a stack)
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

func (m *machine) settleOne(st *state, gi int) []*state {
	var out []*state
	work := []*state{st}
	for len(work) > 0 {
		s := work[len(work)-1]
		work = work[:len(work)-1]
		steps := 0
	run:
		for {
			g := s.gs[gi]
			if g.status != gRunning || len(g.frames) == 0 || g.wait != wNone {
				out = append(out, s)
				break
			}
			f := g.frames[len(g.frames)-1]
			ins := f.fn.Blocks[f.block].Instrs[f.pc]
			steps++
			m.steps++
			if steps > maxLocalSteps || m.steps > m.budget.Steps {
				if m.steps > m.budget.Steps {
					m.overBudget = true
				}
				s.g(gi).status = gPaused
				out = append(out, s)
				break
			}
			if m.visible(s, gi, ins) {
				switch m.runOwned(s, gi) {
				case ownedRan:
					continue
				case ownedDropped:
					break run
				}
				out = append(out, s)
				break
			}
			res, forks := m.exec(s, gi, ins)
			switch res {
			case okNext:
			case okDiscard:
				break run
			case okStop:
				out = append(out, s)
				break run
			case okFork:
				if len(work)+len(out)+len(forks) > maxForks {
					// too many paths through local code: stop
					// following the goroutine on this one
					m.overBudget = true
					s.g(gi).status = gPaused
					out = append(out, s)
					break run
				}
				work = append(work, forks...)
				break run
			}
		}
	}
	// keep the order in which forks were made
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// eval returns the value of an SSA operand in the top frame of gi.
func (m *machine) eval(st *state, gi int, v ssa.Value) value {
	g := st.gs[gi]
	f := g.frames[len(g.frames)-1]
	return m.evalIn(st, f, v)
}

func (m *machine) evalIn(st *state, f *frame, v ssa.Value) value {
	switch v := v.(type) {
	case *ssa.Const:
		return constValue(v)
	case *ssa.Function:
		return value{k: kFunc, fn: v}
	case *ssa.Global:
		return ptrVal(st.global(v), "")
	case *ssa.Builtin:
		return unknown
	}
	if i, ok := f.info.index[v]; ok && i < len(f.env) {
		return f.env[i]
	}
	return unknown
}

func constValue(c *ssa.Const) value {
	if c.Value == nil {
		return zero(c.Type())
	}
	switch c.Value.Kind() {
	case constant.Bool:
		return boolVal(constant.BoolVal(c.Value))
	case constant.Int:
		if n, ok := constant.Int64Val(c.Value); ok {
			return intVal(n)
		}
	case constant.String:
		return value{k: kStr, s: constant.StringVal(c.Value)}
	}
	return unknown
}

// set stores the value of instruction v in the top frame of gi.
func (m *machine) set(st *state, gi int, v ssa.Value, x value) {
	f := st.top(gi)
	if i, ok := f.info.index[v]; ok {
		f.env[i] = x
	}
}

// next advances gi past the current instruction.
func (m *machine) next(st *state, gi int) { st.top(gi).pc++ }

// exec executes one local instruction of goroutine gi.
func (m *machine) exec(st *state, gi int, ins ssa.Instruction) (outcome, []*state) {
	switch ins := ins.(type) {
	case *ssa.DebugRef:
	case *ssa.Alloc:
		t := deref(ins.Type())
		o := st.newObj(t, zero(t), ins.Pos())
		o.what = ins.Comment
		m.set(st, gi, ins, ptrVal(o.id, ""))
	case *ssa.BinOp:
		x, y := m.eval(st, gi, ins.X), m.eval(st, gi, ins.Y)
		r := m.binop(st, ins.Op, x, y)
		if r.k == kUnknown && r.sym == 0 && r.s == "" {
			// an unknown result gets a symbol, so every use of it (two
			// loops bounded by n*4) agrees; it is as benign as its
			// operands
			r = m.fresh(st, ins.Type())
			if r.sym > 0 && (benignCond(st, x) || benignCond(st, y)) {
				st.syms[r.sym].benign = true
			}
		}
		m.set(st, gi, ins, r)
	case *ssa.UnOp:
		x := m.eval(st, gi, ins.X)
		switch ins.Op {
		case token.MUL:
			v, ok := m.load(st, x, ins.Type())
			if !ok {
				return okDiscard, nil // nil dereference
			}
			m.set(st, gi, ins, v)
		case token.NOT:
			m.set(st, gi, ins, notVal(x))
		case token.SUB:
			if x.k == kInt {
				m.set(st, gi, ins, intVal(-x.n))
			} else {
				m.set(st, gi, ins, unknown)
			}
		default:
			m.set(st, gi, ins, unknown)
		}
	case *ssa.Store:
		if !m.store(st, m.eval(st, gi, ins.Addr), m.eval(st, gi, ins.Val)) {
			return okDiscard, nil
		}
	case *ssa.Call:
		return m.call(st, gi, ins.Common(), ins, ins.Pos())
	case *ssa.Go:
		m.spawn(st, gi, ins.Common(), ins.Pos())
	case *ssa.Defer:
		m.deferCall(st, gi, ins)
	case *ssa.RunDefers:
		return m.runDefers(st, gi)
	case *ssa.Return:
		var res value
		switch len(ins.Results) {
		case 0:
		case 1:
			res = m.eval(st, gi, ins.Results[0])
		default:
			sub := make([]value, len(ins.Results))
			for i, r := range ins.Results {
				sub[i] = m.eval(st, gi, r)
			}
			res = value{k: kTuple, sub: sub}
		}
		return m.ret(st, gi, res)
	case *ssa.Jump:
		return m.jump(st, gi, ins.Block(), ins.Block().Succs[0])
	case *ssa.If:
		return m.branch(st, gi, ins)
	case *ssa.Panic:
		return okDiscard, nil
	case *ssa.Phi:
		// phis are evaluated on block entry; reaching one means the
		// function was entered at a block with phis (cannot happen)
		m.set(st, gi, ins, unknown)
	case *ssa.Extract:
		t := m.eval(st, gi, ins.Tuple)
		if t.k == kTuple && ins.Index < len(t.sub) {
			m.set(st, gi, ins, t.sub[ins.Index])
		} else {
			m.set(st, gi, ins, m.fresh(st, ins.Type()))
		}
	case *ssa.Field:
		x := m.eval(st, gi, ins.X)
		m.set(st, gi, ins, aggGet(x, ins.X.Type(), 'f', int64(ins.Field)))
	case *ssa.FieldAddr:
		x := m.eval(st, gi, ins.X)
		switch x.k {
		case kPtr:
			m.set(st, gi, ins, ptrVal(x.obj, pathField(x.path, ins.Field)))
		case kNil:
			return okDiscard, nil
		default:
			m.set(st, gi, ins, unknown)
		}
	case *ssa.IndexAddr:
		m.set(st, gi, ins, m.indexAddr(m.eval(st, gi, ins.X), m.eval(st, gi, ins.Index)))
	case *ssa.Index:
		x, i := m.eval(st, gi, ins.X), m.eval(st, gi, ins.Index)
		if x.k == kAgg && i.k == kInt {
			m.set(st, gi, ins, aggGet(x, ins.X.Type(), 'i', i.n))
		} else {
			m.set(st, gi, ins, unknown)
		}
	case *ssa.Lookup:
		m.set(st, gi, ins, m.lookup(st, gi, ins))
	case *ssa.MapUpdate:
		if !m.mapUpdate(st, m.eval(st, gi, ins.Map), m.eval(st, gi, ins.Key), m.eval(st, gi, ins.Value)) {
			return okDiscard, nil
		}
	case *ssa.MakeMap:
		o := st.newObj(ins.Type(), unknown, ins.Pos())
		o.mp = &mapState{}
		m.set(st, gi, ins, value{k: kMap, obj: o.id})
	case *ssa.MakeChan:
		o := st.newObj(ins.Type(), unknown, ins.Pos())
		size := m.eval(st, gi, ins.Size)
		c := &chanState{cap: -1}
		if size.k == kInt {
			c.cap = size.n
		}
		o.ch = c
		m.set(st, gi, ins, value{k: kChan, obj: o.id})
	case *ssa.MakeSlice:
		m.set(st, gi, ins, m.makeSlice(st, ins.Type(), m.eval(st, gi, ins.Len), ins.Pos()))
	case *ssa.MakeClosure:
		sub := make([]value, len(ins.Bindings))
		for i, b := range ins.Bindings {
			sub[i] = m.eval(st, gi, b)
		}
		m.set(st, gi, ins, value{k: kFunc, fn: ins.Fn.(*ssa.Function), sub: sub})
	case *ssa.MakeInterface:
		x := m.eval(st, gi, ins.X)
		switch {
		case x.k == kUnknown && !types.IsInterface(ins.X.Type()):
			// an unknown value of a known type: the dynamic type is
			// known (binary.BigEndian as a ByteOrder)
			m.set(st, gi, ins, value{k: kIface, typ: ins.X.Type(), sub: []value{x}})
		case x.k == kUnknown, x.k == kSpecial, x.k == kIface:
			m.set(st, gi, ins, x)
		default:
			m.set(st, gi, ins, value{k: kIface, typ: ins.X.Type(), sub: []value{x}})
		}
	case *ssa.ChangeInterface:
		m.set(st, gi, ins, m.eval(st, gi, ins.X))
	case *ssa.ChangeType:
		m.set(st, gi, ins, m.eval(st, gi, ins.X))
	case *ssa.Convert:
		x := m.eval(st, gi, ins.X)
		r := convert(x, ins.X.Type(), ins.Type())
		if r.k == kUnknown && r.sym == 0 && r.s == "" {
			r = m.fresh(st, ins.Type())
			// an address is arbitrary, like a random number
			if r.sym > 0 && (x.k == kPtr || benignCond(st, x)) {
				st.syms[r.sym].benign = true
			}
		}
		m.set(st, gi, ins, r)
	case *ssa.MultiConvert:
		m.set(st, gi, ins, unknown)
	case *ssa.SliceToArrayPointer:
		x := m.eval(st, gi, ins.X)
		if x.k == kSlice && x.n == 0 {
			m.set(st, gi, ins, ptrVal(x.obj, ""))
		} else {
			m.set(st, gi, ins, unknown)
		}
	case *ssa.Slice:
		m.set(st, gi, ins, m.slice(st, gi, ins))
	case *ssa.TypeAssert:
		return m.typeAssert(st, gi, ins)
	case *ssa.Range:
		m.set(st, gi, ins, value{k: kSpecial, n: spIter, sub: []value{m.eval(st, gi, ins.X)}, ln: 0})
	case *ssa.Next:
		m.nextIter(st, gi, ins)
		m.next(st, gi)
		return okNext, nil
	default:
		// Select, Send and receives are visible; anything else new
		// to the SSA form is not modelled: stop following the goroutine.
		st.g(gi).status = gPaused
		return okStop, nil
	}
	m.next(st, gi)
	return okNext, nil
}

const spIter = 100 // a range iterator (in a frame slot); ln = position

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// fresh returns an unknown value for a result of type t: integers,
// booleans, pointers and interfaces get a symbol so branches on them are
// remembered.
func (m *machine) fresh(st *state, t types.Type) value {
	if t == nil {
		return unknown
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		if u.Info()&(types.IsInteger|types.IsBoolean) != 0 {
			return st.newSym()
		}
	case *types.Pointer, *types.Interface, *types.Slice, *types.Map, *types.Signature:
		return st.newSym()
	}
	return unknown
}

func notVal(x value) value {
	switch {
	case x.k == kInt:
		return boolVal(x.n == 0)
	case x.k == kUnknown && x.s == "cmp" && len(x.sub) == 2:
		return value{k: kUnknown, s: "cmp", n: int64(negate(token.Token(x.n))), sub: x.sub}
	case x.k == kUnknown && x.sym > 0:
		return value{k: kUnknown, s: "cmp", n: int64(token.EQL), sub: []value{x, intVal(0)}}
	}
	return unknown
}

func negate(op token.Token) token.Token {
	switch op {
	case token.EQL:
		return token.NEQ
	case token.NEQ:
		return token.EQL
	case token.LSS:
		return token.GEQ
	case token.GEQ:
		return token.LSS
	case token.GTR:
		return token.LEQ
	case token.LEQ:
		return token.GTR
	}
	return token.ILLEGAL
}

func swapOp(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.GTR:
		return token.LSS
	case token.LEQ:
		return token.GEQ
	case token.GEQ:
		return token.LEQ
	}
	return op
}

// convert models a conversion: integers and pointers keep their value,
// unsafe conversions and anything involving floats or strings of bytes
// become unknown.
func convert(x value, from, to types.Type) value {
	fb, _ := from.Underlying().(*types.Basic)
	tb, _ := to.Underlying().(*types.Basic)
	switch {
	case fb != nil && tb != nil:
		if fb.Info()&types.IsInteger != 0 && tb.Info()&types.IsInteger != 0 {
			return x
		}
		if fb.Info()&types.IsString != 0 && tb.Info()&types.IsString != 0 {
			return x
		}
		if fb.Kind() == types.UnsafePointer || tb.Kind() == types.UnsafePointer || tb.Kind() == types.Uintptr {
			return value{k: kUnknown}
		}
		return value{k: kUnknown}
	case tb != nil && tb.Kind() == types.UnsafePointer && x.k == kPtr:
		return x // the pointer, kept for its identity
	case fb != nil || tb != nil:
		return value{k: kUnknown}
	}
	return x
}

// binop evaluates a binary operation; comparisons of a symbol with a
// constant become "cmp" values a branch refines.
func (m *machine) binop(st *state, op token.Token, x, y value) value {
	if x.k == kInt && y.k == kInt {
		a, b := x.n, y.n
		switch op {
		case token.ADD:
			return intVal(a + b)
		case token.SUB:
			return intVal(a - b)
		case token.MUL:
			return intVal(a * b)
		case token.QUO:
			if b == 0 {
				return unknown
			}
			return intVal(a / b)
		case token.REM:
			if b == 0 {
				return unknown
			}
			return intVal(a % b)
		case token.AND:
			return intVal(a & b)
		case token.OR:
			return intVal(a | b)
		case token.XOR:
			return intVal(a ^ b)
		case token.AND_NOT:
			return intVal(a &^ b)
		case token.SHL:
			if b < 0 || b > 62 {
				return unknown
			}
			return intVal(a << b)
		case token.SHR:
			if b < 0 || b > 62 {
				return unknown
			}
			return intVal(a >> b)
		case token.EQL:
			return boolVal(a == b)
		case token.NEQ:
			return boolVal(a != b)
		case token.LSS:
			return boolVal(a < b)
		case token.LEQ:
			return boolVal(a <= b)
		case token.GTR:
			return boolVal(a > b)
		case token.GEQ:
			return boolVal(a >= b)
		}
		return unknown
	}
	if x.k == kStr && y.k == kStr {
		switch op {
		case token.ADD:
			return value{k: kStr, s: x.s + y.s}
		case token.EQL:
			return boolVal(x.s == y.s)
		case token.NEQ:
			return boolVal(x.s != y.s)
		}
		return unknown
	}
	// sym + const
	if op == token.ADD || op == token.SUB {
		if x.k == kUnknown && x.sym > 0 && x.s == "" && y.k == kInt {
			d := y.n
			if op == token.SUB {
				d = -d
			}
			return value{k: kUnknown, sym: x.sym, n: x.n + d}
		}
		if op == token.ADD && y.k == kUnknown && y.sym > 0 && y.s == "" && x.k == kInt {
			return value{k: kUnknown, sym: y.sym, n: y.n + x.n}
		}
		return unknown
	}
	switch op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
	default:
		return unknown
	}
	if op == token.EQL || op == token.NEQ {
		if eq, ok := sameValue(x, y); ok {
			return boolVal(eq == (op == token.EQL))
		}
	}
	// a symbol against a constant (or nil)
	if isSym(y) && !isSym(x) {
		x, y = y, x
		op = swapOp(op)
	}
	if isSym(x) && (y.k == kInt || y.k == kNil) {
		c := value{k: kUnknown, s: "cmp", n: int64(op), sub: []value{x, y}}
		if r, ok := decide(st, c); ok {
			return boolVal(r)
		}
		return c
	}
	if isSym(x) && isSym(y) && x.sym == y.sym {
		// same symbol, different offsets
		a, b := x.n, y.n
		return m.binop(st, op, intVal(a), intVal(b))
	}
	return unknown
}

func isSym(v value) bool { return v.k == kUnknown && v.sym > 0 && v.s == "" }

// sameValue decides equality of two values when it can: constants, nil
// and object identities. Unknown values decide nothing.
func sameValue(x, y value) (eq, ok bool) {
	known := func(v value) bool {
		switch v.k {
		case kInt, kStr, kNil, kPtr, kChan, kMap, kFunc:
			return true
		case kIface:
			return len(v.sub) == 1
		case kSpecial:
			return v.n == spCtx || v.n == spCancel || v.n == spTimer
		}
		return false
	}
	if x.k == kIface && y.k == kIface {
		if !types.Identical(x.typ, y.typ) {
			return false, true
		}
		return sameValue(x.sub[0], y.sub[0])
	}
	if x.k == kNil && y.k == kIface || x.k == kIface && y.k == kNil {
		return false, true
	}
	if !known(x) || !known(y) {
		return false, false
	}
	if x.k == kFunc && y.k == kFunc {
		return false, false // funcs compare only to nil
	}
	if x.k == kIface || y.k == kIface {
		return false, false
	}
	return equal(x, y), true
}

// decide evaluates a "cmp" value with the symbol's constraints.
func decide(st *state, c value) (bool, bool) {
	x, y := c.sub[0], c.sub[1]
	op := token.Token(c.n)
	if int(x.sym) >= len(st.syms) {
		return false, false
	}
	sc := st.syms[x.sym]
	if y.k == kNil {
		switch {
		case sc.isNil == 0:
			return false, false
		case op == token.EQL:
			return sc.isNil == 1, true
		case op == token.NEQ:
			return sc.isNil == -1, true
		}
		return false, false
	}
	k := y.n - x.n // sym op k
	lo, hi := sc.lo, sc.hi
	switch op {
	case token.EQL:
		if lo == k && hi == k {
			return true, true
		}
		if k < lo || k > hi {
			return false, true
		}
	case token.NEQ:
		if lo == k && hi == k {
			return false, true
		}
		if k < lo || k > hi {
			return true, true
		}
	case token.LSS:
		if hi < k {
			return true, true
		}
		if lo >= k {
			return false, true
		}
	case token.LEQ:
		if hi <= k {
			return true, true
		}
		if lo > k {
			return false, true
		}
	case token.GTR:
		if lo > k {
			return true, true
		}
		if hi <= k {
			return false, true
		}
	case token.GEQ:
		if lo >= k {
			return true, true
		}
		if hi < k {
			return false, true
		}
	}
	return false, false
}

// assume refines the constraints with c being b; it reports false when
// that is impossible.
func assume(st *state, c value, b bool) bool {
	if c.k == kUnknown && c.sym > 0 && c.s == "" {
		c = value{k: kUnknown, s: "cmp", n: int64(token.NEQ), sub: []value{c, intVal(0)}}
	}
	if c.s != "cmp" || len(c.sub) != 2 {
		return true
	}
	op := token.Token(c.n)
	if !b {
		op = negate(op)
	}
	x, y := c.sub[0], c.sub[1]
	if int(x.sym) >= len(st.syms) {
		return true
	}
	sc := st.syms[x.sym]
	if y.k == kNil {
		switch op {
		case token.EQL:
			if sc.isNil == -1 {
				return false
			}
			sc.isNil = 1
		case token.NEQ:
			if sc.isNil == 1 {
				return false
			}
			sc.isNil = -1
		}
		st.syms[x.sym] = sc
		return true
	}
	k := y.n - x.n
	switch op {
	case token.EQL:
		sc.lo, sc.hi = max(sc.lo, k), min(sc.hi, k)
	case token.NEQ:
		if sc.lo == k {
			sc.lo++
		}
		if sc.hi == k {
			sc.hi--
		}
	case token.LSS:
		sc.hi = min(sc.hi, k-1)
	case token.LEQ:
		sc.hi = min(sc.hi, k)
	case token.GTR:
		sc.lo = max(sc.lo, k+1)
	case token.GEQ:
		sc.lo = max(sc.lo, k)
	}
	if sc.lo > sc.hi {
		return false
	}
	st.syms[x.sym] = sc
	return true
}

// jump moves gi from block from to block to, evaluating to's phis.
func (m *machine) jump(st *state, gi int, from, to *ssa.BasicBlock) (outcome, []*state) {
	f := st.top(gi)
	pi := predIndex(to, from)
	var phis []*ssa.Phi
	for _, ins := range to.Instrs {
		p, ok := ins.(*ssa.Phi)
		if !ok {
			break
		}
		phis = append(phis, p)
	}
	vals := make([]value, len(phis))
	for i, p := range phis {
		if pi >= 0 && pi < len(p.Edges) {
			vals[i] = m.evalIn(st, f, p.Edges[pi])
		} else {
			vals[i] = unknown
		}
	}
	for i, p := range phis {
		if j, ok := f.info.index[p]; ok {
			f.env[j] = vals[i]
		}
	}
	f.block = to.Index
	f.pc = len(phis)
	if f.info.header[to.Index] && to.Dominates(from) {
		// a back edge: count the iteration
		if f.loops == nil {
			f.loops = make(map[int]loopCount)
		}
		g := st.gs[gi]
		lc := f.loops[to.Index]
		lc.all++
		if lc.lastVisible != g.visibleOps {
			// the iteration did synchronisation
			lc.syncd++
		}
		lc.lastVisible = g.visibleOps
		if lc.lastSpawned != g.spawned {
			lc.spawning = true
		}
		lc.lastSpawned = g.spawned
		f.loops[to.Index] = lc
		bound := loopBoundSync
		if lc.constant && !lc.spawning {
			bound = loopBoundConst
		}
		if lc.syncd > bound || lc.all > loopBoundLocal {
			st.g(gi).status = gPaused
			return okStop, nil
		}
	}
	return okNext, nil
}

// branch executes an If: constant conditions go one way, unknown ones
// split the state (with the condition's symbol refined on each side).
func (m *machine) branch(st *state, gi int, ins *ssa.If) (outcome, []*state) {
	c := m.eval(st, gi, ins.Cond)
	b := ins.Block()
	if c.k == kInt {
		if f := st.gs[gi].frames[len(st.gs[gi].frames)-1]; f.info.header[b.Index] {
			// a counted loop's exit test
			f = st.top(gi)
			if f.loops == nil {
				f.loops = make(map[int]loopCount)
			}
			lc := f.loops[b.Index]
			lc.constant = true
			f.loops[b.Index] = lc
		}
		if c.n != 0 {
			return m.jump(st, gi, b, b.Succs[0])
		}
		return m.jump(st, gi, b, b.Succs[1])
	}
	if r, ok := decideAny(st, c); ok {
		if r {
			return m.jump(st, gi, b, b.Succs[0])
		}
		return m.jump(st, gi, b, b.Succs[1])
	}
	dataChoice := !benignCond(st, c)
	var forks []*state
	for i, taken := range []bool{true, false} {
		s := st.clone()
		if dataChoice {
			s.approx = true
		}
		// a choice on unknown data counts like synchronisation for loop
		// bounds: a loop that branches on unknown data runs a few times
		s.g(gi).visibleOps++
		if !assume(s, c, taken) {
			continue
		}
		res, more := m.jump(s, gi, b, b.Succs[i])
		switch res {
		case okNext, okStop:
			forks = append(forks, s)
		case okFork:
			forks = append(forks, more...)
		}
	}
	// forks are pushed on a stack: the true branch is explored first
	for i, j := 0, len(forks)-1; i < j; i, j = i+1, j-1 {
		forks[i], forks[j] = forks[j], forks[i]
	}
	return okFork, forks
}

func decideAny(st *state, c value) (bool, bool) {
	if c.k == kUnknown && c.s == "cmp" && len(c.sub) == 2 {
		return decide(st, c)
	}
	if isSym(c) {
		return decide(st, value{k: kUnknown, s: "cmp", n: int64(token.NEQ), sub: []value{c, intVal(0)}})
	}
	return false, false
}

// load reads the cell at pointer p. It reports false for a nil pointer.
func (m *machine) load(st *state, p value, t types.Type) (value, bool) {
	switch p.k {
	case kNil:
		return value{}, false
	case kPtr:
	default:
		return m.fresh(st, t), true
	}
	o := st.objs[p.obj]
	v := o.root
	vt := o.typ
	for _, e := range splitPath(p.path) {
		if v.k == kUnknown {
			break
		}
		v = aggGet(v, vt, e.tag, e.n)
		vt = elemType(vt, e.tag, e.n)
	}
	if v.k == kUnknown && v.sym == 0 && v.s == "" {
		// Unknown content of a known object (a global, memory written by
		// unknown code): give it a symbol and remember it in the cell, so
		// two loads agree until someone writes.
		g := st.globalOf(p.obj)
		local := o.global && g != nil && g.Pkg != nil && len(m.x.funcs) > 0 && g.Pkg == m.x.funcs[0].Pkg && !m.x.written[g]
		if local && !m.x.initialized[g] && (!g.Object().Exported() || g.Pkg.Pkg.Name() == "main") && t != nil {
			// a package variable no other package can write and nobody
			// writes: its zero value
			zv := zero(t)
			m.store(st, p, zv)
			return zv, true
		}
		nv := m.fresh(st, t)
		if nv.sym > 0 {
			// a package variable that functions write (a flag, a
			// hook) is like an input; one that only the package
			// initializer sets is the process's configuration, fixed:
			// data; a sentinel error is never nil
			st.syms[nv.sym].benign = o.global
			if local {
				st.syms[nv.sym].benign = false
				if p.path == "" && m.x.sentinels[g] {
					st.syms[nv.sym].isNil = -1
				}
			}
			m.store(st, p, nv)
		}
		return nv, true
	}
	return v, true
}

// store writes x to the cell at pointer p. It reports false for a nil
// pointer. A store through an unknown pointer hands x to unknown code.
func (m *machine) store(st *state, p value, x value) bool {
	switch p.k {
	case kNil:
		return false
	case kPtr:
	default:
		st.escape(x)
		return true
	}
	o := st.obj(p.obj)
	if o.global {
		st.escape(x)
	}
	o.root = storePath(o.root, o.typ, splitPath(p.path), x)
	return true
}

func storePath(root value, t types.Type, path []pathElem, x value) value {
	if len(path) == 0 {
		return x
	}
	e := path[0]
	if root.k == kUnknown {
		// materialise an unknown aggregate
		n := aggLen(t)
		if n < 0 || n > maxAggLen {
			return root
		}
		sub := make([]value, n)
		root = value{k: kAgg, typ: t, sub: sub}
	}
	if root.k != kAgg {
		return root
	}
	child := aggGet(root, t, e.tag, e.n)
	child = storePath(child, elemType(t, e.tag, e.n), path[1:], x)
	return aggSet(root, t, e.n, child)
}

func (m *machine) indexAddr(x, i value) value {
	switch x.k {
	case kSlice:
		if i.k == kInt && i.n >= 0 && (x.ln < 0 || i.n < x.ln) {
			return ptrVal(x.obj, pathIndex("", x.n+i.n))
		}
	case kPtr: // pointer to an array
		if i.k == kInt && i.n >= 0 {
			return ptrVal(x.obj, pathIndex(x.path, i.n))
		}
	}
	return unknown
}

func (m *machine) makeSlice(st *state, t types.Type, n value, pos token.Pos) value {
	st0, ok := t.Underlying().(*types.Slice)
	if !ok || n.k != kInt || n.n < 0 || n.n > maxAggLen {
		return m.fresh(st, t)
	}
	at := types.NewArray(st0.Elem(), n.n)
	o := st.newObj(at, zero(at), pos)
	return value{k: kSlice, obj: o.id, n: 0, ln: n.n, typ: t}
}

// sliceElems returns the elements of a slice value, or false.
func (m *machine) sliceElems(st *state, s value) ([]value, bool) {
	switch s.k {
	case kNil:
		return nil, true
	case kSlice:
		if s.ln < 0 {
			return nil, false
		}
		o := st.objs[s.obj]
		out := make([]value, s.ln)
		for i := range out {
			out[i] = aggGet(o.root, o.typ, 'i', s.n+int64(i))
		}
		return out, true
	}
	return nil, false
}

func (m *machine) newSlice(st *state, t types.Type, elems []value, pos token.Pos) value {
	st0, ok := t.Underlying().(*types.Slice)
	if !ok || len(elems) > maxAggLen {
		for _, e := range elems {
			st.escape(e)
		}
		return m.fresh(st, t)
	}
	at := types.NewArray(st0.Elem(), int64(len(elems)))
	o := st.newObj(at, value{k: kAgg, typ: at, sub: elems}, pos)
	return value{k: kSlice, obj: o.id, n: 0, ln: int64(len(elems)), typ: t}
}

// benignCond reports whether a branch on the unknown condition c is a
// choice of real nondeterminism (its symbol is benign).
func benignCond(st *state, c value) bool {
	var sym int32
	switch {
	case c.k == kUnknown && c.s == "cmp" && len(c.sub) == 2:
		sym = c.sub[0].sym
	case isSym(c):
		sym = c.sym
	}
	return sym > 0 && int(sym) < len(st.syms) && st.syms[sym].benign
}
