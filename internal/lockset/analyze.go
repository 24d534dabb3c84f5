package lockset

import (
	"fmt"
	"github.com/conclint/conclint/internal/ssacfg"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/syncapi"
)

// EventKind classifies a finding of the engine.
type EventKind int

const (
	DoubleLock     EventKind = iota + 1 // Lock/RLock of a lock already held (directly)
	DoubleLockCall                      // a callee acquires a lock the caller holds
	RecursiveRead                       // RLock while read-locked (directly or through a callee)
	HeldAtReturn                        // lock held at this return, released before another
	DoubleUnlock                        // Unlock of a lock already released on every path
	LoopRelock                          // lock taken in a loop, still held at the back edge
	HeldAtBackEdge                      // lock held at one back edge of a loop, released before another
	UnlockNotHeld                       // Unlock of a lock held on some paths only (the function locks it on others)
	HeldAtBreak                         // a break/goto leaves a loop with a lock held that the loop's other exits release
)

// Event is one finding, ready to be reported by doublelock/missingunlock.
type Event struct {
	Kind    EventKind
	Fn      *ssa.Function
	Pos     token.Pos
	End     token.Pos
	Lock    string // the lock as written, e.g. "s.mu"
	Message string
	Related []analysis.RelatedInformation

	root ssa.Value // the local variable the lock lives in, if any (handoff filtering)
}

// Diagnostic is the report of the event under a pass's category.
func (e Event) Diagnostic(category string) analysis.Diagnostic {
	return analysis.Diagnostic{
		Pos:      e.Pos,
		End:      e.End,
		Category: category,
		Message:  e.Message,
		Related:  e.Related,
	}
}

// opInfo is a classified call.
type opInfo struct {
	op   syncapi.Op
	recv ssa.Value
	// For calls with a summary:
	sum      *Summary
	callee   *ssa.Function
	args     []ssa.Value
	bindings []ssa.Value
	name     string
	unknown  bool // interface method or function value with no model
	noReturn bool
}

// funcAnalysis is the dataflow over one function.
type funcAnalysis struct {
	pc  *pkgCtx
	fn  *ssa.Function
	r   *resolver
	sum *Summary

	tries   map[ssa.Value]tryInfo // results of TryLock calls
	killers map[ssa.Value]bool    // values used as key bases or facts: redefinition kills them
	disp    map[Key]string
	in      map[*ssa.BasicBlock]state

	exitBlocks []*ssa.BasicBlock // blocks ending in Return
	report     bool
	events     []Event
	invokes    []heldInvoke             // interface calls under locks (resolveBackPointers)
	invokeAt   map[invokeID]int         // the best of a.sum.Invokes per interface method and parameter (addInvoke)
	order      []OrderEdge              // lock-order edges born here (report pass)
	live       map[*ssa.BasicBlock]bool // blocks that can reach a return or a loop (lazily, for order edges)
	orderSkip  map[Key]bool             // caller locks the callee being applied releases (no order edges from them)
	returns    []retInfo
	budget     int
	// relocked dedups loop events per acquiring instruction.
	relocked map[ssa.Instruction]bool
	// latches are the back edges of each loop header with their states.
	latches map[*ssa.BasicBlock][]latchInfo
	// foreign are the locks this function releases without acquiring them
	// (its caller's, or another goroutine's).
	foreign map[Key]bool
	// outs are the states at the end of each block (report pass).
	outs map[*ssa.BasicBlock]state
}

type tryInfo struct {
	key  Key
	mode Mode
	pos  token.Pos
}

type latchInfo struct {
	latch *ssa.BasicBlock
	s     state
}

type retInfo struct {
	ret *ssa.Return
	s   state
}

// errBudget aborts a function over budget.
type errBudget struct{}

func (a *funcAnalysis) lockKey(recv ssa.Value) (Key, Mode, bool) {
	mode := Write
	// RLocker: l := rw.RLocker(); l.Lock() read-locks rw.
	v := recv
	for i := 0; i < 4; i++ {
		switch x := v.(type) {
		case *ssa.MakeInterface:
			v = x.X
			continue
		case *ssa.ChangeInterface:
			v = x.X
			continue
		}
		break
	}
	if c, ok := v.(*ssa.Call); ok {
		if op, r := syncapi.CallOp(&c.Call); op == syncapi.RLocker {
			recv = r
			mode = Read
		}
	}
	k, ok := a.r.key(recv)
	if !ok {
		return k, 0, false
	}
	if c, isCall := k.Val.(*ssa.Call); isCall && k.Path == "" && mode == Write {
		// l := rw.RLocker() stored in a variable and used later.
		if op, r := syncapi.CallOp(&c.Call); op == syncapi.RLocker {
			if k2, ok := a.r.key(r); ok {
				k, mode = k2, Read
			}
		}
	}
	if k.Base == BaseLocal {
		a.killers[k.Val] = true
	}
	return k, mode, true
}

func (a *funcAnalysis) name(k Key) string {
	if s, ok := a.disp[k]; ok {
		return s
	}
	return a.r.display(k)
}

// classify says what a call does.
func (a *funcAnalysis) classify(call *ssa.CallCommon) opInfo {
	op, recv := syncapi.CallOp(call)
	if op == syncapi.OnceDo && len(call.Args) > 0 {
		// A Once declared here and used once runs f now; any other Once
		// may or may not: f's effects on the locks it can reach are
		// unknown (havoc follows the closure's bindings).
		if al, ok := recv.(*ssa.Alloc); ok && al.Parent() == a.fn && usedOnce(al) {
			return a.classifyValue(call.Args[len(call.Args)-1], nil, 0)
		}
		return opInfo{unknown: true}
	}
	if op != syncapi.None {
		return opInfo{op: op, recv: recv}
	}
	if syncapi.IsNoReturnCall(call) {
		return opInfo{noReturn: true}
	}
	if call.IsInvoke() {
		return opInfo{unknown: true}
	}
	return a.classifyValue(call.Value, call.Args, 0)
}

// classifyValue says what calling the function value v with args does: a
// function, a closure, a bound method value (f := s.mu.Unlock, or
// c.unlock), or a local variable assigned one of those exactly once (a
// closure that another closure captures lives in such a variable).
func (a *funcAnalysis) classifyValue(v ssa.Value, args []ssa.Value, depth int) opInfo {
	switch v := v.(type) {
	case *ssa.Builtin:
		return opInfo{}
	case *ssa.Function:
		return a.pc.summaryCall(v, args, nil)
	case *ssa.MakeClosure:
		fn, _ := v.Fn.(*ssa.Function)
		if fn == nil {
			return opInfo{unknown: true}
		}
		if strings.HasPrefix(fn.Synthetic, "bound method wrapper") && len(v.Bindings) == 1 {
			obj, ok := fn.Object().(*types.Func)
			if !ok {
				return opInfo{unknown: true}
			}
			if op := syncapi.FuncOp(obj); op != syncapi.None {
				return opInfo{op: op, recv: v.Bindings[0]} // f := s.mu.Unlock; f()
			}
			if syncapi.NoReturn(obj) {
				return opInfo{noReturn: true}
			}
			// A method of a generic type bound in a generic body names an
			// instantiated object; its code is the origin's.
			if m := fn.Prog.FuncValue(obj.Origin()); m != nil {
				return a.pc.summaryCall(m, append([]ssa.Value{v.Bindings[0]}, args...), nil)
			}
			return opInfo{unknown: true}
		}
		return a.pc.summaryCall(fn, args, v.Bindings)
	case *ssa.UnOp:
		if al, ok := v.X.(*ssa.Alloc); ok && v.Op == token.MUL && depth == 0 {
			if st := singleStore(al); st != nil {
				return a.classifyValue(st, args, depth+1)
			}
		}
		if fn, recv := a.pc.hook(v); fn != nil {
			if recv != nil {
				args = append([]ssa.Value{recv}, args...)
			}
			info := a.pc.summaryCall(fn, args, nil)
			if info.sum != nil {
				// Chains show the field the call goes through.
				info.name = fieldVar(v.X.(*ssa.FieldAddr)).Name() + " → " + info.name
			}
			return info
		}
	}
	return opInfo{unknown: true}
}

// usedOnce reports whether the sync.Once in the local variable al is used
// by exactly one Do call and nothing else.
func usedOnce(al *ssa.Alloc) bool {
	refs := al.Referrers()
	if refs == nil {
		return false
	}
	n := 0
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Call:
			if op, recv := syncapi.CallOp(&r.Call); op != syncapi.OnceDo || recv != ssa.Value(al) {
				return false
			}
			n++
		default:
			return false
		}
	}
	return n == 1
}

// havoc marks held locks an unknown call may release as Maybe: all of
// them, or those the call's operands reach (see reaches).
func (a *funcAnalysis) havoc(d *disj, call *ssa.CallCommon, all bool) *disj {
	if len(d.held) == 0 {
		return d
	}
	var roots []Key
	if !all && call != nil {
		roots = a.reachRoots(call)
	}
	var n *disj
	for k, h := range d.held {
		if h.Mode == Maybe {
			continue
		}
		hit := all
		for _, r := range roots {
			if reaches(r, k) {
				hit = true
				break
			}
		}
		if !hit {
			continue
		}
		if n == nil {
			n = d.clone()
		}
		h.Mode = Maybe
		n.held[k] = h
	}
	if n == nil {
		return d
	}
	return n
}

// reachRoots returns the keys of the values an unknown call is handed:
// the receiver of an interface call or the function value itself (a func
// field s.onClose is a value loaded from s, like any other field), the
// arguments, and for a closure or bound method value what it captures (a
// captured variable that is never reassigned through its value). A
// function value of the package whose summary releases locks it did not
// take (func() { mu.Unlock() }) is handed those locks too.
func (a *funcAnalysis) reachRoots(call *ssa.CallCommon) []Key {
	ops := append([]ssa.Value{call.Value}, call.Args...)
	var roots []Key
	for i := 0; i < len(ops) && i < 64; i++ {
		op := ops[i]
		switch v := op.(type) {
		case *ssa.MakeClosure:
			ops = append(ops, v.Bindings...)
			if fn, ok := v.Fn.(*ssa.Function); ok && !strings.HasPrefix(fn.Synthetic, "bound method wrapper") {
				roots = append(roots, a.releasedBy(fn, v.Bindings)...)
			}
			continue
		case *ssa.Function:
			roots = append(roots, a.releasedBy(v, nil)...)
			continue
		case *ssa.Alloc:
			if sv := singleStore(v); sv != nil {
				ops = append(ops, sv) // a captured variable: its value
			}
		}
		if k, ok := a.r.key(op); ok {
			roots = append(roots, k)
		}
	}
	return roots
}

// releasedBy returns the locks the function value fn (with the given
// closure bindings) releases without acquiring them, in the caller's
// frame, when the package knows its summary.
func (a *funcAnalysis) releasedBy(fn *ssa.Function, bindings []ssa.Value) []Key {
	s := a.pc.sums[fn]
	if s == nil {
		return nil
	}
	var out []Key
	for _, r := range s.Requires {
		if k, ok := a.r.translate(r, nil, bindings); ok {
			out = append(out, k)
		}
	}
	return out
}

// reaches reports whether an unknown callee handed the value with key r
// can reach the lock k (principle 2: a callee cannot release a mutex it
// cannot name). It can when r is rooted where k is and r's path leads to
// k: r is the lock itself, its owner or a struct or pointer on the way to
// it. Loads ("*") are ignored when comparing paths, which errs on the
// side of reaching (a copy of the owner counts as the owner). A value
// loaded from another field of the owner — a string, a counter, an
// interface-typed collaborator, a func-typed hook, a child pointer —
// does not reach the owner's mutex.
func reaches(r, k Key) bool {
	if !sameBase(r, k) {
		return false
	}
	rp, kp := r.Path, k.Path
	if strings.Contains(rp, "*") {
		rp = strings.ReplaceAll(rp, "*", "")
	}
	if strings.Contains(kp, "*") {
		kp = strings.ReplaceAll(kp, "*", "")
	}
	return pathPrefix(rp, kp)
}

func sameBase(a, b Key) bool {
	return a.Base == b.Base && a.Index == b.Index && a.Name == b.Name && a.Val == b.Val
}

// lockEvent reports acquiring k in mode m while it is held as h.
//
// A callee acquiring it: its name, the chain below it, where (file:line)
// and inner, the Lock call at the end of the chain when it is in this
// package (a related site of the report). onSuccess: the callee acquires
// it on its successful returns only.
func (a *funcAnalysis) lockEvent(pos token.Pos, k Key, m Mode, h Held, callee string, via []string, where string, inner token.Pos, onSuccess bool) {
	name := a.name(k)
	var kind EventKind
	var msg string
	switch {
	case m == Write && h.Mode == Read:
		kind, msg = DoubleLock, fmt.Sprintf("%s is write-locked while this goroutine holds its read lock: Lock waits for all readers, so it blocks forever", name)
	case m == Write:
		kind, msg = DoubleLock, fmt.Sprintf("%s is locked while already held: Go mutexes are not reentrant, so this blocks forever", name)
	case m == Read && h.Mode == Write:
		kind, msg = DoubleLock, fmt.Sprintf("%s is read-locked while this goroutine holds its write lock: RLock blocks forever", name)
	case m == Read && h.Mode == Read:
		kind, msg = RecursiveRead, fmt.Sprintf("%s is read-locked again while already read-locked: this deadlocks if a writer calls Lock between the two RLocks", name)
	default:
		return // mixed modes: not proven
	}
	if callee != "" {
		if kind == DoubleLock {
			kind = DoubleLockCall
		}
		chain := strings.Join(append(append([]string{callee}, via...), "Lock at "+where), " → ")
		if m == Read {
			chain = strings.Join(append(append([]string{callee}, via...), "RLock at "+where), " → ")
		}
		if onSuccess {
			msg = fmt.Sprintf("call acquires %s on its successful path (it returns without locking only with an error), which is already held here (%s): %s", name, h.Mode, chain)
		} else {
			msg = fmt.Sprintf("call acquires %s, which is already held here (%s): %s", name, h.Mode, chain)
		}
		if kind == RecursiveRead {
			msg += "; a recursive read lock deadlocks if a writer calls Lock in between"
		} else {
			msg += "; Go mutexes are not reentrant, so this blocks forever"
		}
	}
	if kind == RecursiveRead && a.private(k) {
		return // a lock no other goroutine can reach: no writer can interleave
	}
	ev := Event{Kind: kind, Fn: a.fn, Pos: pos, Lock: name, Message: msg, root: a.rootVar(k)}
	if h.Pos.IsValid() {
		ev.Related = append(ev.Related, analysis.RelatedInformation{Pos: h.Pos, Message: name + " first acquired here"})
	}
	if callee != "" && inner.IsValid() {
		in := callee // the function at the end of the chain locks
		if len(via) > 0 {
			in = via[len(via)-1]
		}
		ev.Related = append(ev.Related, analysis.RelatedInformation{Pos: inner, Message: "acquired again here, in " + in})
	}
	a.events = append(a.events, ev)
}

func (a *funcAnalysis) where(pos token.Pos) string {
	p := a.pc.pass.Fset.Position(pos)
	if !p.IsValid() {
		return "?"
	}
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// returnWhere describes a return for a message: "the return at f.go:12",
// or, for the implicit return at the end of a function (no position in
// SSA), "the end of the function at f.go:20" (its closing brace).
func (a *funcAnalysis) returnWhere(ret *ssa.Return) string {
	if ret.Pos().IsValid() {
		return "the return at " + a.where(ret.Pos())
	}
	if body := funcBody(a.fn); body != nil && body.Rbrace.IsValid() {
		return "the end of the function at " + a.where(body.Rbrace)
	}
	return "another return"
}

// funcBody returns the body of fn's declaration or literal, or nil.
func funcBody(fn *ssa.Function) *ast.BlockStmt {
	switch syn := fn.Syntax().(type) {
	case *ast.FuncDecl:
		return syn.Body
	case *ast.FuncLit:
		return syn.Body
	}
	return nil
}

// acquire records an acquisition in the summary (when the function does
// not hold k already on every path) and lock-order edges.
//
// calleeMust: the acquisition happens on every normal return of the
// callee (always, for a direct Lock); calleeSuccess: at least on every
// successful return of the callee (see Acquire.OnSuccess).
func (a *funcAnalysis) noteAcquire(s state, b *ssa.BasicBlock, k Key, m Mode, pos, inner token.Pos, where string, via []string, calleeMust, calleeSuccess, reacquire bool) {
	if !a.report {
		return
	}
	if k.Exportable() {
		if _, held := s.mustHeld(k); !held {
			re := false
			if a.foreign[k] {
				for _, d := range s {
					if _, ok := d.released[k]; ok {
						re = true
					}
				}
			}
			must := calleeMust && a.dominatesExits(b, k)
			a.sum.Acquires = append(a.sum.Acquires, Acquire{
				Key: k.sum(), Mode: m, Must: must,
				OnSuccess: !must && (calleeMust || calleeSuccess) && a.dominatesSuccessExits(b, k),
				Where:     where, Via: via, Reacquire: re, pos: pos, inner: inner,
			})
		}
	}
	if len(s) == 0 {
		return
	}
	for from, h := range s[0].held {
		if from == k || h.Mode == Maybe {
			continue
		}
		if _, ok := s.mustHeld(from); !ok {
			continue
		}
		e := Edge{FromClass: from.Class, Class: k.Class, Where: where}
		if from.Exportable() {
			e.From = from.sum()
		}
		if k.Exportable() {
			e.To = k.sum()
		}
		if e.FromClass != "" && e.Class != "" {
			a.sum.Edges = append(a.sum.Edges, e)
			a.noteOrder(s, b, from, k, h.Mode, m, h.Pos, pos, inner, where, via, reacquire)
		}
	}
}

// dominatesExits reports whether every normal return passes through b,
// not counting early returns on "p == nil" for the parameter p the lock k
// lives in: a caller that holds k has a non-nil p, so they are infeasible.
func (a *funcAnalysis) dominatesExits(b *ssa.BasicBlock, k Key) bool {
	if len(a.exitBlocks) == 0 {
		return false
	}
	for _, e := range a.exitBlocks {
		if !b.Dominates(e) && (k.Base != BaseParam || !a.nilGuardExit(e, k.Index)) {
			return false
		}
	}
	return true
}

// dominatesSuccessExits reports whether every normal return passes
// through b except returns that certainly report a failure (see
// failureReturn) and nil-guard exits, and at least one return does pass
// through b: the function acquires k on its successful paths.
func (a *funcAnalysis) dominatesSuccessExits(b *ssa.BasicBlock, k Key) bool {
	through := false
	for _, e := range a.exitBlocks {
		switch {
		case b.Dominates(e):
			through = true
		case k.Base == BaseParam && a.nilGuardExit(e, k.Index):
		case failureReturn(e):
		default:
			return false
		}
	}
	return through
}

// failureReturn reports whether the return ending block e certainly
// reports a failure: its last result is false, or an error that is not
// nil — a sentinel (a package-level error variable), a new error
// (errors.New, fmt.Errorf, a conversion of a concrete value), or a value
// checked against nil on the way (if err != nil { return err }).
func failureReturn(e *ssa.BasicBlock) bool {
	ret, ok := e.Instrs[len(e.Instrs)-1].(*ssa.Return)
	if !ok || len(ret.Results) == 0 {
		return false
	}
	v := resultValue(ret, len(ret.Results)-1)
	if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Kind() == types.Bool {
		c, ok := v.(*ssa.Const)
		return ok && c.Value != nil && c.Value.String() == "false"
	}
	if !types.Identical(v.Type(), types.Universe.Lookup("error").Type()) {
		return false
	}
	return nonNilError(v, e, 0)
}

// resultValue returns result i of ret. In a function with defers the
// results go through their slots (*t1 = v; rundefers; t2 = *t1; return
// t2): the value stored in the return's block is the one returned, unless
// a deferred closure assigns a named result, which is not modelled.
func resultValue(ret *ssa.Return, i int) ssa.Value {
	v := ret.Results[i]
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL || u.Block() != ret.Block() {
		return v
	}
	al, ok := u.X.(*ssa.Alloc)
	if !ok {
		return v
	}
	var stored ssa.Value
	for _, instr := range ret.Block().Instrs {
		if instr == ssa.Instruction(u) {
			break
		}
		if st, ok := instr.(*ssa.Store); ok && st.Addr == ssa.Value(al) {
			stored = st.Val
		}
	}
	if stored == nil {
		return v
	}
	return stored
}

// nonNilError reports whether the error v returned in block e is
// certainly not nil.
func nonNilError(v ssa.Value, e *ssa.BasicBlock, depth int) bool {
	switch x := v.(type) {
	case *ssa.Const:
		return false
	case *ssa.MakeInterface:
		return true
	case *ssa.UnOp:
		if _, ok := x.X.(*ssa.Global); ok && x.Op == token.MUL {
			return true // a sentinel error variable
		}
	case *ssa.Call:
		if fn := x.Call.StaticCallee(); fn != nil && fn.Pkg != nil && fn.Pkg.Pkg != nil {
			switch fn.Pkg.Pkg.Path() + "." + fn.Name() {
			case "errors.New", "fmt.Errorf":
				return true
			}
		}
	case *ssa.Phi:
		if depth < 3 {
			all := len(x.Edges) > 0
			for i, ed := range x.Edges {
				if i >= len(x.Block().Preds) || !nonNilError(ed, x.Block().Preds[i], depth+1) {
					all = false
					break
				}
			}
			if all {
				return true
			}
		}
	}
	// Checked on the way: e lies on the "v != nil" side of an If on v.
	for b, n := e, 0; b != nil && n < 32; b, n = b.Idom(), n+1 {
		ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok || b == e {
			continue
		}
		bin, ok := ifi.Cond.(*ssa.BinOp)
		if !ok || (bin.Op != token.NEQ && bin.Op != token.EQL) {
			continue
		}
		x, y := bin.X, bin.Y
		if c, ok := x.(*ssa.Const); ok && c.IsNil() {
			x, y = y, x
		}
		if c, ok := y.(*ssa.Const); !ok || !c.IsNil() || x != v {
			continue
		}
		nonNil := b.Succs[0] // true edge of v != nil
		if bin.Op == token.EQL {
			nonNil = b.Succs[1]
		}
		if nonNil.Dominates(e) && len(nonNil.Preds) == 1 {
			return true
		}
	}
	return false
}

// nilGuardExit reports whether exit block e is reached only from the
// "param == nil" branch of an if on parameter i (possibly through blocks
// without calls).
func (a *funcAnalysis) nilGuardExit(e *ssa.BasicBlock, i int) bool {
	if i >= len(a.fn.Params) {
		return false
	}
	p := a.fn.Params[i]
	for depth := 0; depth < 3; depth++ {
		for _, instr := range e.Instrs {
			if _, ok := instr.(ssa.CallInstruction); ok {
				return false
			}
		}
		if len(e.Preds) != 1 {
			return false
		}
		pred := e.Preds[0]
		if ifi, ok := pred.Instrs[len(pred.Instrs)-1].(*ssa.If); ok {
			bin, ok := ifi.Cond.(*ssa.BinOp)
			if !ok || (bin.Op != token.EQL && bin.Op != token.NEQ) {
				return false
			}
			x, y := bin.X, bin.Y
			if c, ok := x.(*ssa.Const); ok && c.IsNil() {
				x, y = y, x
			}
			if c, ok := y.(*ssa.Const); !ok || !c.IsNil() || x != ssa.Value(p) {
				return false
			}
			nilEdge := pred.Succs[0]
			if bin.Op == token.NEQ {
				nilEdge = pred.Succs[1]
			}
			return nilEdge == e
		}
		e = pred
	}
	return false
}

// each applies f to every disjunct.
func each(s state, f func(d *disj) *disj) state {
	var out state
	for _, d := range s {
		if n := f(d); n != nil {
			out = append(out, n)
		}
	}
	return dedup(out)
}

func dedup(s state) state {
	if len(s) <= 1 {
		return s
	}
	var out state
	for _, d := range s {
		out = join(out, state{d})
	}
	return out
}

// callEffect applies a call (direct, or deferred when replayed at a
// return) to the state. instr is the Call/Defer instruction.
func (a *funcAnalysis) callEffect(s state, instr ssa.Instruction, call *ssa.CallCommon, deferred bool) state {
	info := a.classify(call)
	pos := call.Pos()
	if !pos.IsValid() {
		pos = instr.Pos()
	}
	b := instr.Block()
	switch {
	case info.noReturn:
		if deferred {
			return s
		}
		return nil
	case info.unknown:
		// Principle 2: an interface method or function value may release
		// the locks its operands reach (see reaches), and a closure handed
		// to it through what the closure captures (once.Do(func() {
		// mu.Unlock() })).
		if !deferred {
			a.noteUnknownCall(s, b, call, pos)
		}
		return each(s, func(d *disj) *disj { return a.havoc(d, call, false) })
	case info.op != syncapi.None:
		return a.lockOp(s, instr, info, pos, deferred)
	case info.sum != nil:
		return a.applySummary(s, b, info, pos, deferred)
	}
	return s
}

func (a *funcAnalysis) lockOp(s state, instr ssa.Instruction, info opInfo, pos token.Pos, deferred bool) state {
	switch info.op {
	case syncapi.Lock, syncapi.RLock, syncapi.Unlock, syncapi.RUnlock:
	case syncapi.TryLock, syncapi.TryRLock:
		if c, ok := instr.(*ssa.Call); ok && !deferred {
			if k, _, ok := a.lockKey(info.recv); ok {
				m := Write
				if info.op == syncapi.TryRLock {
					m = Read
				}
				a.tries[c] = tryInfo{key: k, mode: m, pos: pos}
			}
		}
		return s
	default:
		return s // CondWait releases and re-acquires c.L: no net change
	}
	k, m, ok := a.lockKey(info.recv)
	if !ok {
		return s
	}
	if info.op == syncapi.RLock || info.op == syncapi.RUnlock {
		m = Read
	}
	if _, seen := a.disp[k]; !seen && k.Base == BaseLocal {
		if e, ok := a.pc.recvExpr(pos); ok {
			a.disp[k] = e
		}
	}
	switch info.op {
	case syncapi.Lock, syncapi.RLock:
		if a.report && !deferred {
			if h, ok := s.mustHeld(k); ok {
				a.lockEvent(pos, k, m, h, "", nil, "", token.NoPos, false)
			}
		}
		a.noteAcquire(s, instr.Block(), k, m, pos, pos, a.where(pos), nil, !deferred, !deferred, false)
		return each(s, func(d *disj) *disj {
			n := d.clone()
			if n.held == nil {
				n.held = map[Key]Held{}
			}
			if old, ok := d.held[k]; ok && old.Mode == Read && m == Read {
				old.N = min(old.N+1, 3)
				n.held[k] = old
				return n
			}
			n.held[k] = Held{Mode: m, Pos: pos, Site: instr}
			delete(n.released, k)
			return n
		})
	default: // Unlock, RUnlock
		if a.report && !deferred {
			if rp, ok := s.mustReleased(k); ok {
				name := a.name(k)
				ev := Event{Kind: DoubleUnlock, Fn: a.fn, Pos: pos, Lock: name, root: a.rootVar(k),
					Message: fmt.Sprintf("%s is unlocked twice: it was already unlocked at %s on every path, and unlocking an unlocked mutex is a fatal error", name, a.where(rp))}
				ev.Related = []analysis.RelatedInformation{{Pos: rp, Message: name + " unlocked here"}}
				a.events = append(a.events, ev)
			}
		}
		if a.report && !deferred && len(s) > 1 && a.acquires(k) {
			// Held (for sure) on some paths, untouched on others.
			someHeld, someFree := false, false
			for _, d := range s {
				h, held := d.held[k]
				_, rel := d.released[k]
				switch {
				case held && h.Mode != Maybe:
					someHeld = true
				case !held && !rel:
					someFree = true
				}
			}
			if someHeld && someFree {
				name := a.name(k)
				a.events = append(a.events, Event{Kind: UnlockNotHeld, Fn: a.fn, Pos: pos, Lock: name, root: a.rootVar(k),
					Message: fmt.Sprintf("%s is unlocked here, but on some paths it was not locked: unlocking an unlocked mutex is a fatal error", name)})
			}
		}
		return each(s, func(d *disj) *disj {
			n := d.clone()
			h, held := d.held[k]
			_, rel := d.released[k]
			if !held && !rel && !s.mayHeld(k) {
				a.foreignRelease(k)
			}
			if held && h.N > 0 {
				h.N--
				n.held[k] = h
				return n
			}
			delete(n.held, k)
			if held && h.Mode == Maybe {
				return n
			}
			if n.released == nil {
				n.released = map[Key]token.Pos{}
			}
			n.released[k] = pos
			return n
		})
	}
}

// tk is a translated summary lock: the caller's key and the callee's entry.
type tk struct {
	k Key
	a Acquire
}

// requiredMode is the mode the callee takes the required lock r back in:
// that of its acquisition, write if none is recorded.
func requiredMode(sum *Summary, r SumKey) Mode {
	for _, acq := range sum.Acquires {
		if acq.Key == r {
			return acq.Mode
		}
	}
	return Write
}

func (a *funcAnalysis) applySummary(s state, b *ssa.BasicBlock, info opInfo, pos token.Pos, deferred bool) state {
	sum := info.sum
	if sum.Unknown {
		return each(s, func(d *disj) *disj { return a.havoc(d, nil, true) })
	}
	callee := info.name
	// For lock order: a callee that releases one of the caller's locks
	// (an ...AndUnlock helper) may acquire its locks after the release,
	// so no order edge is born from that lock.
	a.orderSkip = nil
	for _, r := range sum.Requires {
		if k, ok := a.r.translate(r, info.args, info.bindings); ok {
			if a.orderSkip == nil {
				a.orderSkip = map[Key]bool{}
			}
			a.orderSkip[k] = true
		}
	}
	defer func() { a.orderSkip = nil }()
	for _, acq := range sum.Acquires {
		k, ok := a.r.translate(acq.Key, info.args, info.bindings)
		if !ok {
			continue
		}
		a.nameFromCall(k, acq.Key, pos)
		via := append([]string{callee}, acq.Via...)
		if a.report && !deferred && (acq.Must || acq.OnSuccess) && !acq.Reacquire {
			if h, ok := s.mustHeld(k); ok {
				a.lockEvent(pos, k, acq.Mode, h, callee, acq.Via, acq.Where, acq.inner, !acq.Must)
			}
		}
		// For lock order, a callee that requires the lock it acquires
		// (it releases its caller's lock and takes it back, perhaps
		// deeper down) re-acquires it too.
		reacq := acq.Reacquire || slices.Contains(sum.Requires, acq.Key)
		a.noteAcquire(s, b, k, acq.Mode, pos, acq.inner, acq.Where, via, acq.Must && !deferred, (acq.Must || acq.OnSuccess) && !deferred, reacq)
	}
	if a.report {
		for _, e := range sum.Edges {
			e2 := e
			if fk, ok := a.r.translate(e.From, info.args, info.bindings); ok && e.From.Base != 0 && fk.Exportable() {
				e2.From = fk.sum()
			} else {
				e2.From = SumKey{}
			}
			if tk, ok := a.r.translate(e.To, info.args, info.bindings); ok && e.To.Base != 0 && tk.Exportable() {
				e2.To = tk.sum()
			} else {
				e2.To = SumKey{}
			}
			a.sum.Edges = append(a.sum.Edges, e2)
		}
	}
	if !deferred {
		a.applyCallbacks(s, b, info, pos)
	}
	// reheld: locks the callee releases and takes back before every
	// return (it requires them but releases them neither surely nor
	// possibly). When this function does not hold one itself, it passes
	// the contract on, and after the call the lock is held again: the
	// caller's later Unlock is no double unlock.
	var reheld []tk
	for _, r := range sum.Requires {
		if k, ok := a.r.translate(r, info.args, info.bindings); ok && !s.mayHeld(k) {
			// The callee releases a lock this function did not take:
			// the contract passes on to our caller.
			a.foreignRelease(k)
			if !slices.Contains(sum.Releases, r) && !slices.Contains(sum.MayRelease, r) {
				reheld = append(reheld, tk{k, Acquire{Key: r, Mode: requiredMode(sum, r)}})
			}
		}
	}
	if len(sum.Releases) == 0 && len(sum.MayRelease) == 0 && len(sum.HeldOnReturn) == 0 && len(reheld) == 0 {
		return s
	}
	var rels, mays []Key
	for _, r := range sum.Releases {
		if k, ok := a.r.translate(r, info.args, info.bindings); ok {
			rels = append(rels, k)
		}
	}
	for _, r := range sum.MayRelease {
		if k, ok := a.r.translate(r, info.args, info.bindings); ok {
			mays = append(mays, k)
		}
	}
	var holds []tk
	for _, h := range sum.HeldOnReturn {
		if k, ok := a.r.translate(h.Key, info.args, info.bindings); ok {
			a.nameFromCall(k, h.Key, pos)
			holds = append(holds, tk{k, h})
			if k.Base == BaseLocal {
				a.killers[k.Val] = true
			}
		}
	}
	return each(s, func(d *disj) *disj {
		n := d.clone()
		for _, k := range mays {
			if h, held := n.held[k]; held {
				h.Mode = Maybe
				n.held[k] = h
			}
		}
		for _, k := range rels {
			h, held := n.held[k]
			delete(n.held, k)
			if held && h.Mode == Maybe {
				continue
			}
			if n.released == nil {
				n.released = map[Key]token.Pos{}
			}
			n.released[k] = pos
		}
		for _, h := range holds {
			if n.held == nil {
				n.held = map[Key]Held{}
			}
			n.held[h.k] = Held{Mode: h.a.Mode, Pos: pos, Via: append([]string{callee}, h.a.Via...), Site: nil}
			delete(n.released, h.k)
		}
		for _, h := range reheld {
			if _, held := n.held[h.k]; held {
				continue
			}
			if n.held == nil {
				n.held = map[Key]Held{}
			}
			n.held[h.k] = Held{Mode: h.a.Mode, Pos: pos, Via: []string{callee}}
		}
		return n
	})
}

// runDefers replays the pending defers of every disjunct, LIFO.
func (a *funcAnalysis) runDefers(s state) state {
	var out state
	for _, d := range s {
		ds := state{d}
		if d.deferTop {
			ds = each(ds, func(d *disj) *disj { return a.havoc(d, nil, true) })
		}
		for i := len(d.defers) - 1; i >= 0 && len(ds) > 0; i-- {
			df := d.defers[i]
			ds = a.callEffect(ds, df, &df.Call, true)
		}
		ds = each(ds, func(d *disj) *disj {
			if len(d.defers) == 0 && !d.deferTop {
				return d
			}
			n := d.clone()
			n.defers = nil
			n.deferTop = false
			return n
		})
		out = join(out, ds)
	}
	return out
}

// kill forgets locks and facts rooted at v, which is being redefined (a
// loop re-executes its definition: it now denotes a different object).
func (a *funcAnalysis) kill(s state, v ssa.Value) state {
	return each(s, func(d *disj) *disj {
		var n *disj
		for k := range d.held {
			if k.Val == v {
				if n == nil {
					n = d.clone()
				}
				delete(n.held, k)
			}
		}
		for k := range d.released {
			if k.Val == v {
				if n == nil {
					n = d.clone()
				}
				delete(n.released, k)
			}
		}
		if _, ok := d.facts[v]; ok {
			if n == nil {
				n = d.clone()
			}
			delete(n.facts, v)
		}
		if n == nil {
			return d
		}
		return n
	})
}

// step is the transfer function of one instruction. A nil result means the
// rest of the block is unreachable.
func (a *funcAnalysis) step(instr ssa.Instruction, s state) state {
	a.budget--
	if a.budget < 0 {
		panic(errBudget{})
	}
	if v, ok := instr.(ssa.Value); ok && a.killers[v] {
		s = a.kill(s, v)
	}
	switch instr := instr.(type) {
	case *ssa.Call:
		return a.callEffect(s, instr, &instr.Call, false)
	case *ssa.Defer:
		if instr.DeferStack != nil {
			// A defer inside a range-over-func body runs when the
			// enclosing function returns: not modelled.
			return each(s, func(d *disj) *disj { n := d.clone(); n.deferTop = true; return n })
		}
		return each(s, func(d *disj) *disj {
			for _, x := range d.defers {
				if x == instr {
					return d // a defer in a loop: its effect at exit is the same
				}
			}
			n := d.clone()
			n.defers = append(n.defers, instr)
			return n
		})
	case *ssa.Go:
		return a.spawn(s, instr)
	case *ssa.RunDefers:
		return a.runDefers(s)
	case *ssa.Return:
		s = a.runDefers(s)
		if a.report {
			a.returns = append(a.returns, retInfo{ret: instr, s: s})
		}
		return s
	case *ssa.Panic:
		return nil
	}
	return s
}

// succState computes the state flowing along b → b.Succs[i].
func (a *funcAnalysis) succState(b *ssa.BasicBlock, out state, i int) state {
	ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return out
	}
	branch := i == 0
	cond := ifi.Cond
	neg := false
	for {
		u, ok := cond.(*ssa.UnOp)
		if !ok || u.Op != token.NOT {
			break
		}
		cond = u.X
		neg = !neg
	}
	val := branch != neg // the value of cond on this edge
	a.killers[cond] = true
	try, isTry := a.tries[cond]
	return each(out, func(d *disj) *disj {
		if known, ok := d.facts[cond]; ok && known != val {
			return nil // infeasible: correlated with an earlier branch
		}
		n := d.clone()
		if n.facts == nil {
			n.facts = map[ssa.Value]bool{}
		}
		n.facts[cond] = val
		n.sig = d.sig
		if isTry && val {
			if n.held == nil {
				n.held = map[Key]Held{}
			}
			if old, ok := d.held[try.key]; ok && old.Mode == Read && try.mode == Read {
				old.N = min(old.N+1, 3)
				n.held[try.key] = old
			} else {
				n.held[try.key] = Held{Mode: try.mode, Pos: try.pos}
			}
			delete(n.released, try.key)
			n.sig = ""
		}
		return n
	})
}

// run computes the fixpoint, then (report) re-walks every block once with
// the final states to emit events and the summary.
func (a *funcAnalysis) run() (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, isBudget := r.(errBudget); isBudget {
				ok = false
				return
			}
			panic(r)
		}
	}()
	fn := a.fn
	if len(fn.Blocks) == 0 {
		return true
	}
	for _, b := range fn.Blocks {
		if b == fn.Recover {
			continue // reached only by recovering from a panic
		}
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			a.exitBlocks = append(a.exitBlocks, b)
		}
	}
	a.budget = 200*len(fn.Blocks) + 2000
	for _, b := range fn.Blocks {
		a.budget += 4 * len(b.Instrs)
	}
	a.in = map[*ssa.BasicBlock]state{fn.Blocks[0]: emptyState()}
	work := []*ssa.BasicBlock{fn.Blocks[0]}
	queued := map[*ssa.BasicBlock]bool{fn.Blocks[0]: true}
	for len(work) > 0 {
		b := work[0]
		work = work[1:]
		queued[b] = false
		s := a.in[b]
		for _, instr := range b.Instrs {
			if s = a.step(instr, s); s == nil {
				break
			}
		}
		if s == nil {
			continue
		}
		for i, succ := range b.Succs {
			ns := a.succState(b, s, i)
			if len(ns) == 0 {
				continue
			}
			old := a.in[succ]
			nw := join(old, ns)
			if old != nil && equal(old, nw) {
				continue
			}
			a.in[succ] = nw
			if !queued[succ] {
				queued[succ] = true
				work = append(work, succ)
			}
		}
	}
	// Final pass: events, summary, and the held set at each instruction.
	a.report = true
	a.outs = map[*ssa.BasicBlock]state{}
	for _, b := range fn.Blocks {
		s, ok := a.in[b]
		if !ok || len(s) == 0 {
			continue
		}
		var last state
		var lastHeld []HeldLock
		for _, instr := range b.Instrs {
			if len(s) > 0 && (len(last) != len(s) || &last[0] != &s[0]) {
				last, lastHeld = s, a.mustHeldList(s)
			}
			if len(lastHeld) > 0 {
				a.pc.heldAt[instr] = lastHeld
			}
			if s = a.step(instr, s); s == nil {
				break
			}
		}
		if s == nil {
			continue
		}
		a.outs[b] = s
		for i, succ := range b.Succs {
			if succ.Dominates(b) {
				ls := a.succState(b, s, i)
				a.backEdge(b, succ, ls)
				a.latches[succ] = append(a.latches[succ], latchInfo{b, ls})
			}
		}
	}
	a.finishLatches()
	a.finishReturns()
	a.finishBreaks()
	return true
}

// backEdge looks for a lock acquired inside the loop headed by h that is
// still held (on every path) when control goes back to h, while the loop
// never releases it: the next iteration acquires it again.
func (a *funcAnalysis) backEdge(latch, h *ssa.BasicBlock, s state) {
	if len(s) == 0 {
		return
	}
	body := ssacfg.LoopBody(h, latch)
	for k := range s[0].held {
		hd, ok := s.mustHeld(k)
		if !ok || hd.Site == nil || hd.Mode == Mixed {
			continue
		}
		site := hd.Site
		if !body[site.Block()] || a.relocked[site] {
			continue
		}
		if k.Base == BaseLocal {
			if in, ok := k.Val.(ssa.Instruction); ok && body[in.Block()] {
				continue // a new object each iteration (hand-over-hand, per-iteration allocations)
			}
		}
		if a.loopReleases(body, k) {
			continue
		}
		a.relocked[site] = true
		name := a.name(k)
		ev := Event{Kind: LoopRelock, Fn: a.fn, Pos: hd.Pos, Lock: name, root: a.rootVar(k),
			Message: fmt.Sprintf("%s is locked in a loop and still held when the loop goes round: the next iteration locks it again and blocks forever", name)}
		if p := latch.Instrs[len(latch.Instrs)-1].Pos(); p.IsValid() {
			ev.Related = []analysis.RelatedInformation{{Pos: p, Message: "the loop continues here with " + name + " held"}}
		}
		a.events = append(a.events, ev)
	}
}

// loopReleases reports whether some instruction in the loop may release k
// (directly, through a callee, or an unknown call).
func (a *funcAnalysis) loopReleases(body map[*ssa.BasicBlock]bool, k Key) bool {
	for b := range body {
		for _, instr := range b.Instrs {
			var call *ssa.CallCommon
			switch instr := instr.(type) {
			case *ssa.Call:
				call = &instr.Call
			case *ssa.Go:
				continue
			default:
				continue
			}
			info := a.classify(call)
			switch {
			case info.op == syncapi.Unlock || info.op == syncapi.RUnlock || info.op == syncapi.CondWait:
				if k2, _, ok := a.lockKey(info.recv); ok && k2 == k {
					return true
				}
				if info.op == syncapi.CondWait {
					return true
				}
			case info.unknown:
				if d := a.havoc(&disj{held: map[Key]Held{k: {Mode: Write}}}, call, false); d.held[k].Mode == Maybe {
					return true
				}
			case info.sum != nil:
				if info.sum.Unknown {
					return true
				}
				for _, r := range info.sum.Releases {
					if k2, ok := a.r.translate(r, info.args, info.bindings); ok && k2 == k {
						return true
					}
				}
			}
		}
	}
	return false
}

// finishReturns derives HeldOnReturn and the held-at-return events.
func (a *funcAnalysis) finishReturns() {
	if len(a.returns) == 0 {
		return
	}
	// Locks held on every path at every return: a lock helper.
	var common map[Key]Held
	for i, r := range a.returns {
		m := map[Key]Held{}
		if len(r.s) > 0 {
			for k := range r.s[0].held {
				if h, ok := r.s.mustHeld(k); ok {
					m[k] = h
				}
			}
		}
		if i == 0 {
			common = m
			continue
		}
		for k := range common {
			if _, ok := m[k]; !ok {
				delete(common, k)
			}
		}
	}
	for k := range a.foreign {
		delete(common, k) // re-acquired for the caller: no net effect
		if !k.Exportable() {
			continue
		}
		all, none := true, true
		for _, r := range a.returns {
			if r.s.mayHeld(k) {
				none = false
			}
			if _, ok := r.s.mustHeld(k); !ok {
				all = false
			}
		}
		switch {
		case none:
			a.sum.Releases = append(a.sum.Releases, k.sum())
		case !all:
			a.sum.MayRelease = append(a.sum.MayRelease, k.sum())
		}
	}
	for k, h := range common {
		if k.Exportable() && h.Mode != Mixed {
			a.sum.HeldOnReturn = append(a.sum.HeldOnReturn, Acquire{Key: k.sum(), Mode: h.Mode, Must: true, Where: a.where(h.Pos), Via: h.Via, pos: h.Pos})
		}
	}
	// Held at one return, released before another.
	reported := map[Key]bool{}
	for _, r := range a.returns {
		if len(r.s) == 0 {
			continue
		}
		for k := range r.s[0].held {
			if common[k].Mode != 0 || reported[k] {
				continue
			}
			h, ok := r.s.mustHeld(k)
			if !ok || h.Mode == Mixed {
				continue
			}
			var other *retInfo
			for i := range a.returns {
				o := &a.returns[i]
				if o.ret == r.ret {
					continue
				}
				if o.s.mayHeld(k) {
					continue
				}
				for _, d := range o.s {
					if _, ok := d.released[k]; ok {
						other = o
						break
					}
				}
				if other != nil {
					break
				}
			}
			if other == nil {
				continue
			}
			if a.conditionalHelper(k) {
				continue
			}
			reported[k] = true
			name := a.name(k)
			ev := Event{Kind: HeldAtReturn, Fn: a.fn, Pos: r.ret.Pos(), Lock: name, root: a.rootVar(k),
				Message: fmt.Sprintf("%s is still locked at this return: it is unlocked before %s but not on this path", name, a.returnWhere(other.ret))}
			if !ev.Pos.IsValid() {
				continue
			}
			if h.Pos.IsValid() {
				ev.Related = append(ev.Related, analysis.RelatedInformation{Pos: h.Pos, Message: name + " locked here"})
			}
			a.events = append(a.events, ev)
		}
	}
}

// conditionalHelper reports whether k is held exactly at "success" returns
// (nil error / true) and released at "failure" returns: a function that
// acquires a lock for its caller when it succeeds.
func (a *funcAnalysis) conditionalHelper(k Key) bool {
	sawSuccess := false
	for _, r := range a.returns {
		held := false
		if _, ok := r.s.mustHeld(k); ok {
			held = true
		} else if r.s.mayHeld(k) {
			return true // unclear: stay silent
		}
		succ, known := successReturn(r.ret)
		if !known {
			return false
		}
		if held != succ {
			return false
		}
		if succ {
			sawSuccess = true
		}
	}
	return sawSuccess
}

// successReturn classifies a return by its last result: nil error or true
// is success; a non-nil error or false is failure.
func successReturn(ret *ssa.Return) (success, known bool) {
	if len(ret.Results) == 0 {
		return false, false
	}
	v := resultValue(ret, len(ret.Results)-1)
	t := v.Type()
	if types.Identical(t, types.Universe.Lookup("error").Type()) {
		if c, ok := v.(*ssa.Const); ok && c.IsNil() {
			return true, true
		}
		return false, true
	}
	if b, ok := t.Underlying().(*types.Basic); ok && b.Kind() == types.Bool {
		if c, ok := v.(*ssa.Const); ok && c.Value != nil {
			return c.Value.String() == "true", true
		}
	}
	return false, false
}

// foreignRelease records that the function releases k without having
// acquired it: a contract with the caller, or a lock handed over by
// another goroutine.
func (a *funcAnalysis) foreignRelease(k Key) {
	a.foreign[k] = true
	if k.Exportable() && a.report {
		a.sum.Requires = append(a.sum.Requires, k.sum())
	}
	if v := a.rootVar(k); v != nil {
		a.pc.handoff[v] = true
	}
}

// spawn models a go statement: the goroutine starts with no locks, but if
// it releases a lock it did not take (mutex used as a semaphore handed to
// another goroutine), the spawner's hold on that lock is no longer certain.
func (a *funcAnalysis) spawn(s state, g *ssa.Go) state {
	info := a.classify(&g.Call)
	var keys []Key
	switch {
	case info.unknown:
		return each(s, func(d *disj) *disj { return a.havoc(d, &g.Call, false) })
	case info.sum != nil:
		if info.sum.Unknown {
			return each(s, func(d *disj) *disj { return a.havoc(d, &g.Call, false) })
		}
		for _, list := range [][]SumKey{info.sum.Requires, info.sum.Releases, info.sum.MayRelease} {
			for _, r := range list {
				if k, ok := a.r.translate(r, info.args, info.bindings); ok {
					keys = append(keys, k)
					if v := a.rootVar(k); v != nil {
						a.pc.handoff[v] = true
					}
				}
			}
		}
	case info.op == syncapi.Unlock || info.op == syncapi.RUnlock:
		if k, _, ok := a.lockKey(info.recv); ok {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return s
	}
	return each(s, func(d *disj) *disj {
		n := d.clone()
		for _, k := range keys {
			if h, ok := n.held[k]; ok {
				h.Mode = Maybe
				n.held[k] = h
			}
		}
		return n
	})
}

// rootVar returns the local object a lock lives in — for locks rooted at a
// local value, or at a captured variable (resolved in the enclosing
// function) — or nil.
func (a *funcAnalysis) rootVar(k Key) ssa.Value {
	fn := a.fn
	r := a.r
	for depth := 0; depth < 6; depth++ {
		switch k.Base {
		case BaseLocal:
			if c, ok := k.Val.(*ssa.Call); ok && k.Path == "" {
				if op, recv := syncapi.CallOp(&c.Call); op == syncapi.RLocker {
					if k2, ok := r.key(recv); ok {
						k = k2
						continue
					}
				}
			}
			return k.Val
		case BaseFreeVar:
			parent, binding := bindingOf(fn, k.Index)
			if parent == nil {
				return nil
			}
			pr := newResolver(parent)
			b, ok := pr.key(binding)
			if !ok {
				return nil
			}
			k = pr.appendPath(b, k.Path, k.Class)
			fn, r = parent, pr
		default:
			return nil
		}
	}
	return nil
}

// bindingOf returns the enclosing function of closure fn and the value it
// binds to free variable i, or nil.
func bindingOf(fn *ssa.Function, i int) (*ssa.Function, ssa.Value) {
	parent := fn.Parent()
	if parent == nil {
		return nil, nil
	}
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			mc, ok := instr.(*ssa.MakeClosure)
			if !ok || mc.Fn != fn || i >= len(mc.Bindings) {
				continue
			}
			return parent, mc.Bindings[i]
		}
	}
	return nil, nil
}

// private reports whether k is a lock in a local variable that never
// escapes this function (so no other goroutine can use it).
func (a *funcAnalysis) private(k Key) bool {
	if k.Base != BaseLocal {
		return false
	}
	al, ok := k.Val.(*ssa.Alloc)
	return ok && !escapes(al, 0)
}

func escapes(v ssa.Value, depth int) bool {
	if depth > 4 {
		return true
	}
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, ref := range *refs {
		switch ref := ref.(type) {
		case *ssa.FieldAddr:
			if escapes(ref, depth+1) {
				return true
			}
		case *ssa.DebugRef:
		case *ssa.Call:
			if op, recv := syncapi.CallOp(&ref.Call); op == syncapi.None || recv != v {
				return true
			}
		case *ssa.Defer:
			if op, recv := syncapi.CallOp(&ref.Call); op == syncapi.None || recv != v {
				return true
			}
		case *ssa.UnOp:
			// a load of the value (copying a struct is copylock's job)
		case *ssa.Store:
			if ref.Val == v {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// acquires reports whether the function itself acquires k somewhere
// (directly).
func (a *funcAnalysis) acquires(k Key) bool {
	for _, b := range a.fn.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			op, recv := syncapi.CallOp(&c.Call)
			if op != syncapi.Lock && op != syncapi.RLock {
				continue
			}
			if k2, _, ok := a.lockKey(recv); ok && k2 == k {
				return true
			}
		}
	}
	return false
}

// finishLatches treats the back edges of a loop like returns of the loop
// body: a lock (typically of the iteration's object) held at one back edge
// and released before another — a continue that skips the unlock.
func (a *funcAnalysis) finishLatches() {
	var headers []*ssa.BasicBlock
	for h := range a.latches {
		headers = append(headers, h)
	}
	sort.Slice(headers, func(i, j int) bool { return headers[i].Index < headers[j].Index })
	for _, h := range headers {
		ls := a.latches[h]
		if len(ls) < 2 {
			continue
		}
		for _, l := range ls {
			if len(l.s) == 0 {
				continue
			}
			for k := range l.s[0].held {
				hd, ok := l.s.mustHeld(k)
				if !ok || hd.Mode == Mixed || hd.Site == nil || a.relocked[hd.Site] {
					continue
				}
				var other *latchInfo
				for i := range ls {
					o := &ls[i]
					if o.latch == l.latch || o.s.mayHeld(k) {
						continue
					}
					for _, d := range o.s {
						if _, ok := d.released[k]; ok {
							other = o
						}
					}
				}
				if other == nil {
					continue
				}
				a.relocked[hd.Site] = true
				name := a.name(k)
				ev := Event{Kind: HeldAtBackEdge, Fn: a.fn, Pos: hd.Pos, Lock: name, root: a.rootVar(k),
					Message: fmt.Sprintf("%s is still locked when this loop iteration ends early: it is unlocked on the other path to the next iteration (%s)", name, a.where(lastPos(other.latch)))}
				if p := lastPos(l.latch); p.IsValid() {
					ev.Related = []analysis.RelatedInformation{{Pos: p, Message: "the iteration ends here with " + name + " held"}}
				}
				a.events = append(a.events, ev)
			}
		}
	}
}

// lastPos returns the position of the last instruction of b that has one.
func lastPos(b *ssa.BasicBlock) token.Pos {
	for i := len(b.Instrs) - 1; i >= 0; i-- {
		if p := b.Instrs[i].Pos(); p.IsValid() {
			return p
		}
	}
	return token.NoPos
}

// nameFromCall names a local lock reached through a call argument after
// the argument's source text ("buf.mu" rather than "t13.mu").
func (a *funcAnalysis) nameFromCall(k Key, ck SumKey, pos token.Pos) {
	if k.Base != BaseLocal || ck.Base != BaseParam {
		return
	}
	if _, ok := a.disp[k]; ok {
		return
	}
	exprs := a.pc.argExprs(pos)
	if ck.Index < len(exprs) {
		a.disp[k] = exprs[ck.Index] + strings.ReplaceAll(ck.Path, "*", "")
	}
}

// HeldLock is a lock held on every path at some instruction.
type HeldLock struct {
	Key  Key
	Mode Mode      // Write, Read or Mixed
	Name string    // as written, e.g. "s.mu"
	Pos  token.Pos // where it was acquired (a Lock call or a lock helper call)
}

func (a *funcAnalysis) mustHeldList(s state) []HeldLock {
	if len(s) == 0 {
		return nil
	}
	var out []HeldLock
	for k := range s[0].held {
		if h, ok := s.mustHeld(k); ok {
			out = append(out, HeldLock{Key: k, Mode: h.Mode, Name: a.name(k), Pos: h.Pos})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
