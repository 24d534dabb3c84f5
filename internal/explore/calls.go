package explore

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/syncapi"
)

// callSpec is a call with its operands evaluated: from a Call or Go
// instruction, a deferred call, or a goroutine's pending call.
type callSpec struct {
	common  *ssa.CallCommon
	callee  value       // the function value, or the receiver in invoke mode
	method  *types.Func // invoke mode: the interface method
	args    []value
	pos     token.Pos
	builtin string
}

func (m *machine) spec(st *state, gi int, c *ssa.CallCommon, pos token.Pos) callSpec {
	cs := callSpec{common: c, pos: pos}
	if b, ok := c.Value.(*ssa.Builtin); ok {
		cs.builtin = b.Name()
	} else {
		cs.callee = m.eval(st, gi, c.Value)
	}
	if c.IsInvoke() {
		cs.method = c.Method
	}
	cs.args = make([]value, len(c.Args))
	for i, a := range c.Args {
		cs.args[i] = m.eval(st, gi, a)
	}
	return cs
}

// target is what a call does, once its callee is resolved.
type target struct {
	kind     tkind
	fn       *ssa.Function // tInline
	args     []value       // tInline: parameters (receiver first); tOp: operands
	bindings []value       // tInline: free variables
	op       syncapi.Op    // tOp
	recv     value         // tOp: the lock, WaitGroup, Cond, Once, ...
	name     string        // tModel: the full name of the modelled function
	// data: tUnknown or a pure model, a function of a package that does
	// no I/O; its error and boolean results are data (see dataResult)
	data bool
}

type tkind uint8

const (
	tUnknown  tkind = iota // unknown code
	tInline                // a function with a body: interpret it
	tOp                    // a synchronisation operation of package sync (visible)
	tCancel                // a context's cancel function (visible)
	tClose                 // close(ch) (visible)
	tAtomic                // a sync/atomic operation (visible)
	tModel                 // a standard-library function the interpreter models (local)
	tBuiltin               // another builtin (local)
	tNoReturn              // ends the program, the goroutine or the test: drop the path
	tTestFail              // t.Error and friends: the test failed, drop the path
)

// resolve decides what a call does.
func (m *machine) resolve(cs callSpec) target {
	if cs.builtin != "" {
		if cs.builtin == "close" {
			return target{kind: tClose, args: cs.args}
		}
		return target{kind: tBuiltin, name: cs.builtin, args: cs.args}
	}
	if cs.method != nil {
		recv := cs.callee
		if recv.k == kSpecial && recv.n == spRLocker {
			switch cs.method.Name() {
			case "Lock":
				return target{kind: tOp, op: syncapi.RLock, recv: recv.sub[0]}
			case "Unlock":
				return target{kind: tOp, op: syncapi.RUnlock, recv: recv.sub[0]}
			}
		}
		if obj := cs.method; syncapi.FuncOp(obj) != syncapi.None {
			return m.opTarget(syncapi.FuncOp(obj), unwrap(recv), cs.args)
		}
		switch recv.k {
		case kSpecial:
			switch recv.n {
			case spRLocker:
				switch cs.method.Name() {
				case "Lock":
					return target{kind: tOp, op: syncapi.RLock, recv: recv.sub[0]}
				case "Unlock":
					return target{kind: tOp, op: syncapi.RUnlock, recv: recv.sub[0]}
				}
			case spCtx:
				return target{kind: tModel, name: "(context.Context)." + cs.method.Name(), args: append([]value{recv}, cs.args...)}
			}
		case kIface:
			fn := m.methodOf(recv.typ, cs.method)
			if fn != nil {
				args := append([]value{recv.sub[0]}, cs.args...)
				return m.funcTarget(fn, nil, args)
			}
		}
		return target{kind: tUnknown, args: append([]value{recv}, cs.args...)}
	}
	switch cs.callee.k {
	case kFunc:
		return m.funcTarget(cs.callee.fn, cs.callee.sub, cs.args)
	case kSpecial:
		if cs.callee.n == spCancel {
			return target{kind: tCancel, recv: cs.callee}
		}
	}
	return target{kind: tUnknown, args: cs.args}
}

func unwrap(v value) value {
	if v.k == kIface && len(v.sub) == 1 {
		return v.sub[0]
	}
	return v
}

// methodOf returns the concrete method of dynamic type t for interface
// method meth, or nil.
func (m *machine) methodOf(t types.Type, meth *types.Func) *ssa.Function {
	if t == nil || meth == nil {
		return nil
	}
	sel := m.prog.MethodSets.MethodSet(t).Lookup(meth.Pkg(), meth.Name())
	if sel == nil {
		return nil
	}
	return m.prog.MethodValue(sel)
}

// funcTarget classifies a call of fn (with closure bindings).
func (m *machine) funcTarget(fn *ssa.Function, bindings, args []value) target {
	obj, _ := fn.Object().(*types.Func)
	if obj == nil && fn.Origin() != nil {
		obj, _ = fn.Origin().Object().(*types.Func)
	}
	if obj != nil {
		if op := syncapi.FuncOp(obj); op != syncapi.None {
			var recv value
			if sig, _ := obj.Type().(*types.Signature); sig != nil && sig.Recv() != nil && len(args) > 0 {
				recv = args[0]
				args = args[1:]
			}
			if op == syncapi.AtomicRead || op == syncapi.AtomicWrite {
				return target{kind: tAtomic, name: obj.FullName(), recv: recv, args: args}
			}
			return m.opTarget(op, unwrap(recv), args)
		}
		if syncapi.NoReturn(obj) {
			return target{kind: tNoReturn}
		}
		name := obj.FullName()
		if isTestFailure(name) {
			return target{kind: tTestFail}
		}
		if (name == "(*testing.T).Run" || name == "(*testing.B).Run") && len(args) == 3 {
			// t.Run runs f and waits for it: a call (f's t is unknown),
			// unless f calls t.Parallel (then it runs beside the caller)
			if f := args[2]; f.k == kFunc && len(f.fn.Blocks) > 0 && !callsParallel(f.fn) {
				return target{kind: tInline, fn: f.fn, bindings: f.sub, args: []value{unknown}}
			}
		}
		if modelled(name) {
			return target{kind: tModel, name: name, args: args}
		}
		switch name {
		case "io.ReadFull", "io.ReadAtLeast", "io.ReadAll":
			// they call the reader's Read: follow the call when the
			// reader's dynamic type is known
			if len(args) > 0 && args[0].k == kIface {
				if sel := m.prog.MethodSets.MethodSet(args[0].typ).Lookup(nil, "Read"); sel != nil {
					rargs := []value{args[0].sub[0], unknown}
					if len(args) > 1 {
						rargs[1] = args[1]
					}
					return m.funcTarget(m.prog.MethodValue(sel), nil, rargs)
				}
			}
		}
	}
	if len(fn.Blocks) > 0 {
		return target{kind: tInline, fn: fn, args: args, bindings: bindings}
	}
	if obj != nil {
		switch n := obj.FullName(); {
		case n == "errors.New" || n == "fmt.Errorf":
			return target{kind: tModel, name: n, args: args}
		case pureFunc(obj) && !carriesRefs(obj):
			if path := obj.Pkg().Path(); strings.HasPrefix(path, "math/rand") {
				// random numbers are real nondeterminism
				return target{kind: tModel, name: "random", args: args}
			}
			return target{kind: tModel, name: "pure", args: args, data: true}
		}
	}
	return target{kind: tUnknown, args: args, data: obj != nil && m.dataCall(obj, args)}
}

// opTarget is a call of a sync operation on recv.
func (m *machine) opTarget(op syncapi.Op, recv value, args []value) target {
	switch op {
	case syncapi.CtxDone:
		return target{kind: tModel, name: "(context.Context).Done", args: []value{recv}}
	case syncapi.CtxBackground, syncapi.CtxWithCancel, syncapi.CondNew, syncapi.RLocker,
		syncapi.Sleep, syncapi.ErrgroupSetLimit, syncapi.SynctestRun, syncapi.SynctestWait,
		syncapi.ErrgroupGo, syncapi.ErrgroupTryGo, syncapi.ErrgroupWait, syncapi.SemAcquire:
		return target{kind: tModel, name: opName(op), recv: recv, args: args, op: op}
	case syncapi.AtomicRead, syncapi.AtomicWrite:
		return target{kind: tAtomic, recv: recv, args: args, op: op}
	}
	return target{kind: tOp, op: op, recv: recv, args: args}
}

func opName(op syncapi.Op) string {
	switch op {
	case syncapi.CtxBackground:
		return "context.Background"
	case syncapi.CtxWithCancel:
		return "context.WithCancel"
	case syncapi.CondNew:
		return "sync.NewCond"
	case syncapi.RLocker:
		return "(*sync.RWMutex).RLocker"
	case syncapi.Sleep:
		return "time.Sleep"
	}
	return "op"
}

func isTestFailure(name string) bool {
	switch name {
	case "(*testing.common).Error", "(*testing.common).Errorf", "(*testing.common).Fail",
		"(testing.TB).Error", "(testing.TB).Errorf", "(testing.TB).Fail":
		return true
	}
	return false
}

// modelled lists the standard-library functions the interpreter gives a
// meaning beyond "unknown code" (see model).
func modelled(name string) bool {
	switch name {
	case "time.After", "time.Tick", "time.NewTimer", "time.NewTicker", "time.AfterFunc",
		"(*time.Timer).Stop", "(*time.Timer).Reset", "(*time.Ticker).Stop", "(*time.Ticker).Reset",
		"context.WithValue", "context.WithoutCancel", "context.Cause",
		"runtime.Gosched", "runtime.NumGoroutine", "runtime.GC",
		"(*testing.common).Helper", "(*testing.common).Log", "(*testing.common).Logf",
		"(*testing.common).Name", "(*testing.T).Parallel", "(*testing.T).Run",
		"(*testing.B).Run", "(*testing.common).Cleanup":
		return true
	}
	return false
}

// pureFunc reports whether a function of another package neither retains
// nor synchronises on its arguments and calls back into none of them:
// formatting, strings, math, errors. Handing a channel or a lock's owner
// to one is not an escape. A function that takes a function value may
// call it, and is unknown code.
func pureFunc(obj *types.Func) bool {
	if obj.Pkg() == nil {
		return false
	}
	switch obj.Pkg().Path() {
	case "fmt", "strings", "strconv", "errors", "math", "math/bits", "math/rand", "math/rand/v2",
		"unicode", "unicode/utf8", "unicode/utf16", "bytes", "path", "path/filepath", "log":
	default:
		return false
	}
	sig, ok := obj.Type().(*types.Signature)
	if !ok {
		return false
	}
	for i := 0; i < sig.Params().Len(); i++ {
		t := sig.Params().At(i).Type()
		if s, ok := t.Underlying().(*types.Slice); ok {
			t = s.Elem()
		}
		if _, ok := t.Underlying().(*types.Signature); ok {
			return false
		}
	}
	return true
}

// carriesRefs reports whether a function's results can hold references to
// its operands (slices.Delete returns its slice; fmt.Errorf may wrap an
// error): then a call hands its operands over like unknown code. Basic
// results and errors made from scratch cannot.
func carriesRefs(fn *types.Func) bool {
	if fn.FullName() == "fmt.Errorf" {
		return true
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return true
	}
	for i := 0; i < sig.Results().Len(); i++ {
		t := sig.Results().At(i).Type()
		if _, basic := t.Underlying().(*types.Basic); basic {
			continue
		}
		if types.Identical(t, types.Universe.Lookup("error").Type()) {
			continue
		}
		return true
	}
	return false
}

// call executes a Call instruction (local calls only).
func (m *machine) call(st *state, gi int, c *ssa.CallCommon, ins *ssa.Call, pos token.Pos) (outcome, []*state) {
	cs := m.spec(st, gi, c, pos)
	t := m.resolve(cs)
	resultTo := -1
	if ins != nil {
		if i, ok := st.gs[gi].frames[len(st.gs[gi].frames)-1].info.index[ins]; ok {
			resultTo = i
		}
	}
	var typ types.Type
	if ins != nil {
		typ = ins.Type()
	}
	return m.invoke(st, gi, t, cs, resultTo, typ, retHook{}, true)
}

// invoke performs a local call target. advance says whether the caller's
// pc moves past the call (false for deferred calls run by RunDefers, which
// re-executes until no defers are left).
func (m *machine) invoke(st *state, gi int, t target, cs callSpec, resultTo int, typ types.Type, hook retHook, advance bool) (outcome, []*state) {
	setResult := func(v value) {
		if resultTo >= 0 {
			f := st.top(gi)
			f.env[resultTo] = v
		}
	}
	switch t.kind {
	case tNoReturn, tTestFail:
		return okDiscard, nil
	case tBuiltin:
		var call *ssa.Call
		if cs.common != nil {
			// the result type of append is the instruction's
			call = m.callInstr(st, gi, resultTo)
		}
		v, ok := m.builtin(st, t.name, t.args, call, cs.pos)
		if !ok {
			return okDiscard, nil
		}
		setResult(v)
	case tModel:
		setResult(m.model(st, gi, t, cs, typ))
	case tInline:
		g := st.gs[gi]
		depth, same := len(g.frames), 0
		for _, f := range g.frames {
			if f.fn == t.fn {
				same++
			}
		}
		if depth >= maxFrames || same >= maxRecursion {
			m.unknownCall(st, t.args, t.bindings)
			setResult(m.callResult(st, typ, false))
			break
		}
		if advance {
			m.next(st, gi)
		}
		m.push(st, gi, t.fn, t.args, t.bindings, resultTo, hook)
		return okNext, nil
	default: // tUnknown
		m.unknownCall(st, t.args, nil)
		if t.data {
			setResult(m.dataResult(st, typ))
		} else {
			setResult(m.callResult(st, typ, false))
		}
	}
	if advance {
		m.next(st, gi)
	}
	return okNext, nil
}

// callInstr returns the Call instruction whose result goes to slot i of
// gi's top frame, or nil.
func (m *machine) callInstr(st *state, gi int, i int) *ssa.Call {
	if i < 0 {
		return nil
	}
	f := st.gs[gi].frames[len(st.gs[gi].frames)-1]
	ins := f.fn.Blocks[f.block].Instrs[f.pc]
	if c, ok := ins.(*ssa.Call); ok {
		return c
	}
	return nil
}

// unknownCall hands the operands to unknown code: whatever they reach may
// be used by it from now on.
func (m *machine) unknownCall(st *state, args, bindings []value) {
	for _, a := range args {
		st.escape(a)
		// it may also have written the plain data of what it was
		// pointed to (binary.Read(r, o, &hdr)); references stay
		switch a.k {
		case kPtr, kSlice:
			if a.obj > 0 {
				o := st.obj(a.obj)
				o.root = havoc(o.root)
			}
		}
	}
	for _, b := range bindings {
		st.escape(b)
	}
}

// push starts an activation of fn on goroutine gi.
func (m *machine) push(st *state, gi int, fn *ssa.Function, args, bindings []value, resultTo int, hook retHook) {
	info := m.info(fn)
	f := &frame{owner: st, fn: fn, info: info, env: make([]value, info.n), resultTo: resultTo, ret: hook}
	for i, p := range fn.Params {
		if i < len(args) {
			f.env[info.index[p]] = args[i]
		}
	}
	for i, fv := range fn.FreeVars {
		if i < len(bindings) {
			f.env[info.index[fv]] = bindings[i]
		} else {
			f.env[info.index[fv]] = unknown
		}
	}
	g := st.g(gi)
	g.frames = append(g.frames, f)
}

// ret returns from gi's top frame with result res.
func (m *machine) ret(st *state, gi int, res value) (outcome, []*state) {
	g := st.g(gi)
	f := g.frames[len(g.frames)-1]
	g.frames = g.frames[:len(g.frames)-1]
	switch f.ret.kind {
	case hookOnceDone:
		s := st.syncw(f.ret.obj, f.ret.path)
		s.once = 2
	case hookWGDone:
		s := st.syncw(f.ret.obj, f.ret.path)
		if s.count > 0 {
			s.count--
		}
	}
	if len(g.frames) == 0 {
		g.status = gDone
		if g.spawner < 0 {
			// the entry's caller gets the result
			st.escape(res)
		}
		return okStop, nil
	}
	if f.resultTo >= 0 {
		st.top(gi).env[f.resultTo] = res
	}
	return okNext, nil
}

// spawn executes a go statement.
func (m *machine) spawn(st *state, gi int, c *ssa.CallCommon, pos token.Pos) {
	cs := m.spec(st, gi, c, pos)
	t := m.resolve(cs)
	m.startGoroutine(st, gi, t, cs, pos, retHook{})
}

// startGoroutine starts a goroutine running target t.
func (m *machine) startGoroutine(st *state, gi int, t target, cs callSpec, pos token.Pos, hook retHook) {
	unknownGoroutine := func() {
		// The goroutine is not followed: it is unknown code, which may
		// use whatever it was given, and its WaitGroup.Done may come.
		m.unknownCall(st, t.args, t.bindings)
		st.escape(cs.callee)
		if hook.kind == hookWGDone {
			st.syncw(hook.obj, hook.path).unknown = true
		}
	}
	if len(st.gs) >= m.budget.Goroutines {
		m.overGoroutines = true
		unknownGoroutine()
		return
	}
	id := len(st.gs)
	g := &goroutine{owner: st, id: id, start: pos, spawner: gi}
	// starting a goroutine counts as synchronisation for loop bounds: a
	// loop that starts goroutines runs a few iterations only
	st.g(gi).visibleOps++
	st.g(gi).spawned++
	switch t.kind {
	case tInline:
		g.startFn = t.fn
		st.gs = append(st.gs, g)
		m.push(st, id, t.fn, t.args, t.bindings, -1, hook)
	case tOp, tCancel, tClose, tAtomic:
		// a goroutine that performs one operation: go cancel(), go mu.Unlock()
		g.pend = &pendingCall{t: t, cs: cs}
		st.gs = append(st.gs, g)
	case tModel, tBuiltin:
		// runs and ends without synchronising; a sync-adjacent operation
		// the interpreter does not follow (go synctest.Test(t, f)) is
		// unknown code, which may use what it was given
		if t.kind == tModel && t.name == "op" {
			m.unknownCall(st, append([]value{t.recv}, t.args...), nil)
		}
		if hook.kind == hookWGDone {
			st.syncw(hook.obj, hook.path).unknown = true
		}
		return
	default:
		unknownGoroutine()
		return
	}
	st.pending = append(st.pending, id)
}

// pendingCall is the single operation of a goroutine started on a sync
// operation or cancel function.
type pendingCall struct {
	t  target
	cs callSpec
}

// deferCall records a deferred call with its operands evaluated now.
func (m *machine) deferCall(st *state, gi int, ins *ssa.Defer) {
	cs := m.spec(st, gi, ins.Common(), ins.Pos())
	f := st.top(gi)
	f.defers = append(f.defers, deferred{spec: cs})
}

// runDefers runs the next deferred call of the top frame; the RunDefers
// instruction is executed again until none is left.
func (m *machine) runDefers(st *state, gi int) (outcome, []*state) {
	f := st.top(gi)
	if len(f.defers) == 0 {
		m.next(st, gi)
		return okNext, nil
	}
	d := f.defers[len(f.defers)-1]
	f.defers = f.defers[:len(f.defers)-1]
	t := m.resolve(d.spec)
	return m.invoke(st, gi, t, d.spec, -1, nil, retHook{}, false)
}

// model executes a modelled standard-library function and returns its
// result.
func (m *machine) model(st *state, gi int, t target, cs callSpec, typ types.Type) value {
	arg := func(i int) value {
		if i < len(t.args) {
			return t.args[i]
		}
		return unknown
	}
	switch t.name {
	case "op":
		// sync-adjacent operations the interpreter does not follow
		// (errgroup, semaphores, synctest): unknown code
		m.unknownCall(st, append([]value{t.recv}, t.args...), nil)
		return m.callResult(st, typ, false)
	case "errors.New", "fmt.Errorf":
		// never nil; fmt.Errorf may wrap its operands
		if t.name == "fmt.Errorf" {
			m.unknownCall(st, t.args, nil)
		}
		v := st.newSym()
		st.syms[v.sym].isNil = -1
		return v
	case "random":
		return m.callResult(st, typ, true)
	case "pure":
		return m.dataResult(st, typ)
	case "runtime.Gosched", "runtime.GC", "time.Sleep", "(*testing.common).Helper",
		"(*testing.common).Log", "(*testing.common).Logf", "(*testing.T).Parallel":
		return m.callResult(st, typ, false)
	case "runtime.NumGoroutine", "(*testing.common).Name", "(*time.Timer).Stop", "(*time.Timer).Reset",
		"(*time.Ticker).Stop", "(*time.Ticker).Reset", "context.Cause":
		return m.callResult(st, typ, false)
	case "(*testing.common).Cleanup":
		m.unknownCall(st, t.args, nil)
		return unknown
	case "time.After", "time.Tick":
		return m.envChan(st, cs.pos)
	case "time.NewTimer", "time.NewTicker", "time.AfterFunc":
		tt := deref(typ)
		o := st.newObj(tt, zero(tt), cs.pos)
		id := o.id
		if st0, ok := tt.Underlying().(*types.Struct); ok && st0.NumFields() > 0 && st0.Field(0).Name() == "C" {
			c := m.envChan(st, cs.pos)
			m.store(st, ptrVal(id, pathField("", 0)), c)
		}
		if t.name == "time.AfterFunc" {
			f := arg(1)
			ft := m.resolve(callSpec{callee: f, pos: cs.pos})
			m.startGoroutine(st, gi, ft, callSpec{callee: f, pos: cs.pos}, cs.pos, retHook{})
		}
		return ptrVal(id, "")
	case "context.Background":
		return m.newCtx(st, 0, false, cs.pos)
	case "context.WithCancel":
		parent := arg(0)
		deadline := cs.common != nil && strings.Contains(calleeName(cs.common), "Timeout") ||
			cs.common != nil && strings.Contains(calleeName(cs.common), "Deadline")
		var pid int32
		env := deadline
		if parent.k == kSpecial && parent.n == spCtx {
			pid = parent.obj
			if d := st.objs[pid].ctx.done; d > 0 && st.objs[d].ch.env {
				env = true // the parent has a deadline or an unknown parent
			}
		} else {
			env = true // a context we do not know may be cancelled by its owner
		}
		ctx := m.newCtx(st, pid, env, cs.pos)
		return value{k: kTuple, sub: []value{ctx, {k: kSpecial, n: spCancel, obj: ctx.obj}}}
	case "context.WithValue":
		return arg(0)
	case "context.WithoutCancel":
		return m.newCtx(st, 0, false, cs.pos)
	case "(context.Context).Done":
		c := arg(0)
		if c.k == kSpecial && c.n == spCtx {
			o := st.objs[c.obj]
			if o.ctx.done == 0 {
				return value{k: kNil}
			}
			return value{k: kChan, obj: o.ctx.done}
		}
		return unknown
	case "(context.Context).Err", "(context.Context).Value", "(context.Context).Deadline":
		return m.callResult(st, typ, false)
	case "sync.NewCond":
		ct := deref(typ)
		o := st.newObj(ct, zero(ct), cs.pos)
		id := o.id
		if i := fieldIndex(ct, "L"); i >= 0 {
			m.store(st, ptrVal(id, pathField("", i)), arg(0))
		}
		return ptrVal(id, "")
	case "(*sync.RWMutex).RLocker":
		return value{k: kSpecial, n: spRLocker, sub: []value{t.recv}}
	}
	m.unknownCall(st, t.args, nil)
	return m.callResult(st, typ, false)
}

func calleeName(c *ssa.CallCommon) string {
	if fn := syncapi.Callee(c); fn != nil {
		return fn.FullName()
	}
	return ""
}

func fieldIndex(t types.Type, name string) int {
	if st, ok := t.Underlying().(*types.Struct); ok {
		for i := 0; i < st.NumFields(); i++ {
			if st.Field(i).Name() == name {
				return i
			}
		}
	}
	return -1
}

// envChan makes a channel the environment feeds (a timer's).
func (m *machine) envChan(st *state, pos token.Pos) value {
	o := st.newObj(nil, unknown, pos)
	o.ch = &chanState{cap: 1, env: true}
	return value{k: kChan, obj: o.id}
}

// newCtx makes a cancellable context with parent pid (0: none). env says
// the environment may cancel it (a deadline, an unknown parent).
func (m *machine) newCtx(st *state, pid int32, env bool, pos token.Pos) value {
	c := st.newObj(nil, unknown, pos)
	c.ch = &chanState{cap: 0, env: env}
	o := st.newObj(nil, unknown, pos)
	o.ctx = &ctxState{done: c.id, parent: pid}
	return value{k: kSpecial, n: spCtx, obj: o.id}
}

// callsParallel reports whether fn (a subtest) calls t.Parallel.
func callsParallel(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			if c, ok := ins.(ssa.CallInstruction); ok {
				if callee := syncapi.Callee(c.Common()); callee != nil && callee.Name() == "Parallel" {
					return true
				}
			}
		}
	}
	return false
}

// callResult is the result of a call the interpreter does not follow.
// Errors and booleans a call returns are real nondeterminism (the call
// failed or not), and so is everything when benign is set (random
// numbers): their symbols are benign; any other result is data.
func (m *machine) callResult(st *state, typ types.Type, benign bool) value {
	if tup, ok := typ.(*types.Tuple); ok {
		sub := make([]value, tup.Len())
		for i := range sub {
			sub[i] = m.callResult(st, tup.At(i).Type(), benign)
		}
		return value{k: kTuple, sub: sub}
	}
	v := m.fresh(st, typ)
	if v.sym > 0 && (benign || isErrorOrBool(typ)) {
		st.syms[v.sym].benign = true
	}
	return v
}

// dataResult is the result of a call of a function that does no I/O
// (parsing, formatting, reading from memory: strconv.Atoi,
// (*bytes.Reader).Read): whether it fails is decided by its operands,
// not by the environment, so its errors and booleans are data like its
// other results, and a choice on them is not real nondeterminism.
func (m *machine) dataResult(st *state, typ types.Type) value {
	if tup, ok := typ.(*types.Tuple); ok {
		sub := make([]value, tup.Len())
		for i := range sub {
			sub[i] = m.dataResult(st, tup.At(i).Type())
		}
		return value{k: kTuple, sub: sub}
	}
	return m.fresh(st, typ)
}

// dataCall reports whether a call of fn (of another package) with args
// does no I/O and never waits: its results, errors included, depend on
// its operands only. That is a function of a package of parsing,
// formatting and in-memory data, or any function of the standard library
// that does its I/O through the interfaces it is given, when each of them
// holds a value of a known type whose methods are such functions or code
// of this package: binary.Read from a bytes.Reader fails only at the end
// of the bytes. (*bytes.Buffer).ReadFrom an unknown io.Reader, which may
// be a connection, is not.
func (m *machine) dataCall(fn *types.Func, args []value) bool {
	if fn.Pkg() == nil {
		return false
	}
	path := fn.Pkg().Path()
	if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
		return false // not the standard library
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	ifaces := 0
	for i := 0; i < sig.Params().Len(); i++ {
		it, ok := sig.Params().At(i).Type().Underlying().(*types.Interface)
		if !ok || it.NumMethods() == 0 {
			continue
		}
		ifaces++
		j := i
		if sig.Recv() != nil {
			j++ // args start with the receiver
		}
		if j >= len(args) || !m.dataValue(args[j]) {
			return false
		}
	}
	return ifaces > 0 || dataPackage(path)
}

// dataValue reports whether v is an interface value of a known dynamic
// type whose methods do no I/O: functions of the data packages or of the
// package explored.
func (m *machine) dataValue(v value) bool {
	if v.k != kIface || v.typ == nil {
		return false
	}
	ms := m.prog.MethodSets.MethodSet(v.typ)
	for i := 0; i < ms.Len(); i++ {
		f, ok := ms.At(i).Obj().(*types.Func)
		if !ok || f.Pkg() == nil {
			return false
		}
		if dataPackage(f.Pkg().Path()) {
			continue
		}
		if fn := m.prog.MethodValue(ms.At(i)); fn == nil || len(fn.Blocks) == 0 {
			return false
		}
	}
	return true
}

func dataPackage(path string) bool {
	switch path {
	case "bytes", "strings", "strconv", "unicode", "unicode/utf8", "unicode/utf16",
		"math", "math/big", "math/bits", "sort", "slices", "maps", "path",
		"regexp", "encoding/hex", "encoding/base64", "encoding/base32", "encoding/binary",
		"encoding/asn1", "encoding/pem", "hash/crc32",
		"hash/crc64", "hash/fnv", "hash/adler32", "container/list",
		"container/heap", "container/ring", "net/netip", "net/url", "mime":
		return true
	}
	return false
}

func isErrorOrBool(t types.Type) bool {
	if t == nil {
		return false
	}
	if b, ok := t.Underlying().(*types.Basic); ok {
		return b.Info()&types.IsBoolean != 0
	}
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// havoc forgets the integers, strings and nil pointers in v.
func havoc(v value) value {
	switch v.k {
	case kInt, kStr, kNil:
		return unknown
	case kAgg:
		if v.sub == nil {
			return v
		}
		sub := make([]value, len(v.sub))
		for i, x := range v.sub {
			sub[i] = havoc(x)
		}
		return value{k: kAgg, typ: v.typ, sub: sub}
	}
	return v
}
