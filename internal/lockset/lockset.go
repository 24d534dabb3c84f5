// Package lockset is conclint's lock engine: canonical lock keys, a forward
// must-held lock-set dataflow over the SSA CFG, and per-function lock
// summaries exported as facts. Every lock-aware pass (doublelock,
// missingunlock; later lockorder, chanlock, guardedby, goroutineleak) stands
// on it instead of re-implementing lock tracking.
//
// # Using it
//
// Require [Analyzer] and take its [*Result]:
//
//	res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
//	for _, ev := range res.Events { ... }          // findings, by kind
//	sum := res.Summary(fn)                          // *Summary of any callee (this package or a fact)
//	held := res.HeldAt(instr)                       // locks held on every path before instr
//	entry := res.HeldOnEntry(fn)                    // locks every caller holds when calling fn
//
// Events are computed once per package for all consumers: doublelock reports
// the DoubleLock, DoubleLockCall and RecursiveRead kinds; missingunlock the
// HeldAtReturn, DoubleUnlock, LoopRelock, HeldAtBackEdge, HeldAtBreak and
// (behind its flag) UnlockNotHeld kinds. HeldAt gives, for any SSA instruction of the
// package, the locks held on every path reaching it (with mode, name and
// acquisition site): chanlock (blocking operations under a lock) and
// guardedby (field accesses under a lock) build on it; lockorder builds on
// OrderEdges (each lock-order edge where it is born, with order classes,
// modes, positions and the other locks held); goroutineleak can read
// Summary.Acquires and Summary.Requires of a goroutine's function.
//
// HeldOnEntry gives, for a function whose callers are all in the package
// (unexported and never used as a value, or a function literal called in
// place), the locks every caller holds when calling it, relative to its
// parameters, free variables and globals: HeldAt at each call site plus,
// down a chain of such helpers, the caller's own held-on-entry locks that
// it does not release. A goroutine body or a deferred function holds
// nothing on entry. It is computed top-down over the call graph on first
// use (a bounded fixpoint per recursive component) and is the "caller
// holds the lock" fact lockorder (gate locks) and guardedby build on.
//
// Events on locks that live in a local variable handed between goroutines
// (some function releases it without having acquired it: a mutex used as a
// semaphore) are dropped.
//
// # Lock keys
//
// A [Key] is a base — a parameter (receiver = 0), a closure free variable,
// a global, or a local SSA value (allocation, call result, phi) — plus a
// field path (".mu", "*" for a load through a pointer, "[2]"). Embedded
// mutexes appear as a field named after the type (".Mutex"), since SSA
// makes the promotion explicit; sync.Locker values are followed through
// interface conversions; rw.RLocker() is rw in read mode. Two keys are
// equal only when they provably denote the same instance (principle 8):
// the same SSA value, or the same path from the same parameter/global/free
// variable. A load through a pointer field that the function also stores to
// gets a fresh key per load. Dynamic indices (locks[i]) are not tracked.
// Key.Class is the lock's class for lock-order reasoning: the named struct
// type holding the lock field plus the field ("pkg.Store.mu"), or the
// global's name.
//
// # The dataflow
//
// The state at a program point is a small set of disjuncts (ESP-style
// property simulation): each has the locks held (with mode read/write), the
// locks released and not re-acquired, the pending defers, and the branch
// facts ("cond t3 is true") shared by its paths. Disjuncts with the same
// lock state are merged and their facts intersected; above 8 disjuncts the
// state collapses into a single must-state. This makes correlated branches
// (if c { mu.Lock() } ... if c { mu.Unlock() } on the same SSA value) exact
// (principle 7), while "must-held" is simply "held in every disjunct".
// Disjuncts are copy-on-write. A worklist iterates to a fixpoint with a
// budget proportional to the function's size; a function over budget gets
// an Unknown summary and no events.
//
// Summaries carry path-dependent acquisitions too: Must (every normal
// return), OnSuccess (every return but certain failures: a helper that
// locks after a fallible step), may. A break or goto leaving a loop with
// a lock held that no later block releases, while the loop's other exits
// reach the same returns with it released, is a HeldAtBreak event (see
// breaks.go).
//
// Transfer: Lock/RLock/Unlock/RUnlock from syncapi (including bound method
// values like f := mu.Unlock); TryLock/TryRLock acquire on the true edge of
// the If on their result (negations followed); Cond.Wait leaves the state
// unchanged (it releases and re-acquires c.L); defers are pushed per
// disjunct (each Defer instruction at most once, so defers in loops
// converge) and replayed LIFO at each Return and at RunDefers; no-return
// calls (syncapi.IsNoReturnCall) and panics end the path. Redefining an
// SSA value (a loop re-executing its definition) forgets locks rooted at it.
//
// Calls: a static callee (or a closure called in place, with its free
// variables bound to the caller's values) applies its [Summary]: its
// acquisitions are checked against the caller's held set, its Releases and
// HeldOnReturn update the state. A call through an interface or a function
// value cannot be seen into: the locks its operands reach become "maybe
// held" and take part in no report. An operand reaches a lock when its key
// is a prefix of the lock's (the mutex, its owner, a struct or pointer on
// the way; loads ignored), or it is a closure or method value capturing
// such a value; a value loaded from another field of the owner (a string,
// an interface-typed collaborator, a func-typed hook) does not, so a call
// to s.store.Get(s.name) leaves s.mu held (docs/design.md, "the call
// rule"). A go
// statement does not affect the spawner's locks; the goroutine's function is
// analysed on its own, starting with nothing held.
//
// # Summaries
//
// For each function, bottom-up over the package's call graph (Tarjan SCCs,
// at most 4 rounds per SCC, else Unknown): Acquires (with Must = on every
// path to a return, and the call chain), Releases (locks released but not
// acquired: required on entry), HeldOnReturn (lock helpers) and lock-order
// Edges (with classes), Callbacks (func-typed parameters called
// synchronously, with the locks held then) and Invokes (methods of named
// interfaces called on values the function did not make). Functions with
// a *types.Func export their summary as a fact, so callers in other
// packages see it. A caller that passes a closure for a callback
// parameter gets the order edges from the callee's held locks to what
// the closure acquires (OrderEdge.Note says so), and a double lock when
// the closure takes a lock the caller holds; interface calls under a lock
// become edges to a pseudo class (InvokeClass) that lockorder resolves
// against the implementations a package declares (Result.ImplEdges).
//
// Once every summary of the package is known (slots.go): a call through
// a func-typed field or a map of handlers in a field (s.onChange(k),
// b.handlers[t](m)) with locks held is an order edge to each lock the
// functions the package stores into that field acquire (at most 4; a
// field that also receives values the package does not show is left
// alone); an interface call with a lock held, directly or in a callee,
// against an implementation of the package that is handed to the
// interface's package or this one and acquires, on every path, a lock of
// the held lock's class through a field of its own (a back-pointer to
// the owner) is a DoubleLockCall event (at most 8 implementations;
// implementations whose own type owns the class are left out: a child of
// the same type locks another instance).
package lockset

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/factsonly"
	"github.com/conclint/conclint/internal/syncapi"
)

// Analyzer computes lock summaries (exported as facts) and the engine's
// events for one package. It reports nothing itself.
var Analyzer = &analysis.Analyzer{
	Name:       "lockset",
	Doc:        "computes lock-set summaries and lock events for conclint's lock analyzers",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, inspect.Analyzer},
	Run:        run,
	FactTypes:  []analysis.Fact{new(summaryFact)},
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Result is the engine's output for one package.
type Result struct {
	// Events are the findings, sorted by position.
	Events []Event
	// Skipped counts functions over budget.
	Skipped int

	local    map[*ssa.Function]*Summary
	imported map[*types.Func]*Summary
	heldAt   map[ssa.Instruction][]HeldLock
	order    []OrderEdge
	pkg      *types.Package
	prog     *ssa.Program
	funcs    []*ssa.Function

	// implementations, memoized per (interface, method): analyzers ask
	// once per interface-call edge, and the answer scans the scope.
	implMu sync.Mutex
	impls  map[[2]string]implSet
	// per interface, its implementing types; the package's concrete named types
	implTypes map[string]implTypes
	concrete  []*types.Named

	// Which packages the package's types are handed to as interface
	// values (ImplEdges), computed on first use.
	regOnce    sync.Once
	registered map[*types.TypeName][]registration

	// HeldOnEntry, computed on first use (several passes share the
	// Result and may run concurrently).
	entryOnce sync.Once
	entryIn   *entryInputs
	entry     map[*ssa.Function][]HeldLock
}

// OrderEdges returns the lock-order edges born in the package's functions
// (see [OrderEdge]), sorted by acquisition position, then the position of
// the held lock and the classes.
func (r *Result) OrderEdges() []OrderEdge {
	if r == nil {
		return nil
	}
	return r.order
}

// HeldAt returns the locks held on every path reaching instr (before it
// executes), sorted by name, or nil. Chanlock and guardedby use it: a
// blocking operation or a field access with these locks held.
func (r *Result) HeldAt(instr ssa.Instruction) []HeldLock {
	if r == nil {
		return nil
	}
	return r.heldAt[instr]
}

// Summary returns the lock summary of fn — a function of this package, or
// one of another package known through a fact — or nil when nothing is
// known (no lock effects, or an unknown callee).
func (r *Result) Summary(fn *ssa.Function) *Summary {
	if r == nil || fn == nil {
		return nil
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if s, ok := r.local[fn]; ok {
		return s
	}
	if obj, ok := fn.Object().(*types.Func); ok {
		return r.imported[obj.Origin()]
	}
	return nil
}

type pkgCtx struct {
	pass     *analysis.Pass
	funcs    map[*ssa.Function]bool
	sums     map[*ssa.Function]*Summary
	imported map[*types.Func]*Summary
	calls    map[token.Pos]*ast.CallExpr // Lparen → the call, for naming locks in messages (recvExpr, argExprs)
	// handoff are local variables holding a lock that some function or
	// goroutine releases without acquiring it: a mutex used as a
	// semaphore across goroutines. Events on them are not reported.
	handoff map[ssa.Value]bool
	heldAt  map[ssa.Instruction][]HeldLock
	// invokes are the interface calls made with locks held, resolved
	// against the package's implementations once every summary is known.
	invokes []heldInvoke
	// slots are what the package stores into its func-typed fields.
	slots map[*types.Var][]slotTarget
	// names are the callees' names as messages and call chains show them
	// (funcName), built once each.
	names map[funcNameKey]string
	// entries are the package's test entries (syncapi.IsTestEntry) that
	// no code of the package names: the testing package or a suite
	// runner calls them, so no caller reads their summaries' Invokes.
	entries map[*ssa.Function]bool
}

type funcNameKey struct {
	fn        *ssa.Function
	qualified bool
}

// funcName returns fn.RelString relative to the package (qualified:
// relative to none, for the chains other packages read).
func (pc *pkgCtx) funcName(fn *ssa.Function, qualified bool) string {
	k := funcNameKey{fn, qualified}
	if n, ok := pc.names[k]; ok {
		return n
	}
	var n string
	if qualified {
		n = fn.RelString(nil)
	} else {
		n = fn.RelString(pc.pass.Pkg)
	}
	if pc.names == nil {
		pc.names = make(map[funcNameKey]string)
	}
	pc.names[k] = n
	return n
}

func run(pass *analysis.Pass) (_ any, err error) {
	var current *ssa.Function
	defer func() {
		// Never crash the driver on user code: turn a panic into an error
		// naming the analyzer and the function being analysed.
		if r := recover(); r != nil {
			pos := "?"
			if current != nil {
				pos = pass.Fset.Position(current.Pos()).String()
			}
			err = fmt.Errorf("lockset: internal error analysing %v (%s): %v", current, pos, r)
		}
	}()
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	// No early exit on "does not import sync": a package can hold locks
	// through another package's lock helpers (facts), and the import lists
	// of packages loaded from export data may be incomplete. Functions
	// without lock operations cost one cheap pass each.
	res := &Result{local: map[*ssa.Function]*Summary{}, imported: map[*types.Func]*Summary{}, heldAt: map[ssa.Instruction][]HeldLock{}}
	pc := &pkgCtx{
		pass:     pass,
		funcs:    map[*ssa.Function]bool{},
		sums:     res.local,
		imported: res.imported,
		calls:    map[token.Pos]*ast.CallExpr{},
		handoff:  map[ssa.Value]bool{},
		heldAt:   res.heldAt,
	}
	for _, fn := range ssainfo.SrcFuncs {
		pc.funcs[fn] = true
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ins.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
		call := n.(*ast.CallExpr)
		pc.calls[call.Lparen] = call
	})

	pc.slots = scanSlots(ssainfo.SrcFuncs)
	pc.entries = unnamedEntries(pass, ssainfo.SrcFuncs)
	order := sccs(ssainfo.SrcFuncs, pc.funcs, pc.hookTarget)
	for _, scc := range order {
		current = scc[0]
		pc.solve(scc, res)
	}
	res.pkg = pass.Pkg
	res.funcs = ssainfo.SrcFuncs
	if ssainfo.Pkg != nil {
		res.prog = ssainfo.Pkg.Prog
	}
	res.resolveSlots(pc.slots, pass.Fset)
	res.resolveBackPointers(pc.invokes)
	res.entryIn = &entryInputs{funcs: ssainfo.SrcFuncs, order: order, info: pass.TypesInfo}
	res.entryGates()
	current = nil

	for _, fn := range ssainfo.SrcFuncs {
		if factsonly.Unread(pass) {
			break // no importer
		}
		s := pc.sums[fn]
		if s.empty() || fn.Synthetic != "" {
			continue
		}
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Pkg() != pass.Pkg || !obj.Exported() || syncapi.IsTestEntry(pass.Fset, obj) {
			continue // other packages cannot call it by name, or do not
		}
		pass.ExportObjectFact(obj, &summaryFact{S: s.forExport()})
	}
	kept := res.Events[:0]
	for _, ev := range res.Events {
		if ev.root != nil && pc.handoff[ev.root] {
			continue // the lock is handed between goroutines
		}
		kept = append(kept, ev)
	}
	res.Events = kept
	sort.SliceStable(res.order, func(i, j int) bool {
		a, b := res.order[i], res.order[j]
		if a.Pos != b.Pos {
			return a.Pos < b.Pos
		}
		if a.FromPos != b.FromPos {
			return a.FromPos < b.FromPos
		}
		if a.FromClass != b.FromClass {
			return a.FromClass < b.FromClass
		}
		if a.Class != b.Class {
			return a.Class < b.Class
		}
		return a.Fn.String() < b.Fn.String()
	})
	sort.SliceStable(res.Events, func(i, j int) bool {
		if res.Events[i].Pos != res.Events[j].Pos {
			return res.Events[i].Pos < res.Events[j].Pos
		}
		return res.Events[i].Message < res.Events[j].Message
	})
	return res, nil
}

// solve computes the summaries of one SCC (callees already done), with at
// most 4 rounds; events come from the last round.
func (pc *pkgCtx) solve(scc []*ssa.Function, res *Result) {
	const maxRounds = 4
	var events []Event
	var order []OrderEdge
	var invokes []heldInvoke
	for round := 0; ; round++ {
		changed := false
		events = events[:0]
		order = order[:0]
		invokes = invokes[:0]
		for _, fn := range scc {
			a := &funcAnalysis{
				pc: pc, fn: fn, r: newResolver(fn), sum: &Summary{},
				tries: map[ssa.Value]tryInfo{}, killers: map[ssa.Value]bool{},
				disp: map[Key]string{}, relocked: map[ssa.Instruction]bool{},
				foreign: map[Key]bool{}, latches: map[*ssa.BasicBlock][]latchInfo{},
			}
			if !a.run() {
				if !pc.sums[fn].equal(&Summary{Unknown: true}) {
					changed = true
				}
				pc.sums[fn] = &Summary{Unknown: true}
				res.Skipped++
				continue
			}
			a.sum.normalize()
			if old := pc.sums[fn]; !old.equal(a.sum) {
				changed = true
			}
			pc.sums[fn] = a.sum
			events = append(events, a.events...)
			order = append(order, a.order...)
			invokes = append(invokes, a.invokes...)
		}
		if !changed || len(scc) == 1 && !callsSelf(scc[0]) {
			break
		}
		if round+1 >= maxRounds {
			for _, fn := range scc {
				pc.sums[fn] = &Summary{Unknown: true}
			}
			events = nil
			order = nil
			invokes = nil
			break
		}
	}
	res.Events = append(res.Events, events...)
	res.order = append(res.order, order...)
	pc.invokes = append(pc.invokes, invokes...)
}

// recvExpr returns the receiver expression of the method call whose
// Lparen is at pos, as written.
func (pc *pkgCtx) recvExpr(pos token.Pos) (string, bool) {
	if call, ok := pc.calls[pos]; ok {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			return types.ExprString(sel.X), true
		}
	}
	return "", false
}

// argExprs returns the source of the SSA arguments of the call whose
// Lparen is at pos (the receiver first for method calls).
func (pc *pkgCtx) argExprs(pos token.Pos) []string {
	call, ok := pc.calls[pos]
	if !ok {
		return nil
	}
	var args []string
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := pc.pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.MethodVal {
			args = append(args, types.ExprString(sel.X))
		}
	}
	for _, a := range call.Args {
		args = append(args, types.ExprString(a))
	}
	return args
}

// callsSelf reports whether fn calls itself directly.
func callsSelf(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok {
				if callee := c.Common().StaticCallee(); callee == fn || callee != nil && callee.Origin() == fn {
					return true
				}
			}
		}
	}
	return false
}

func (s *Summary) equal(t *Summary) bool {
	if s == nil || t == nil {
		return s == t
	}
	return s.String() == t.String()
}

// summaryCall classifies a static call of fn with the given arguments (and
// free-variable bindings for closures).
func (pc *pkgCtx) summaryCall(fn *ssa.Function, args, bindings []ssa.Value) opInfo {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	name := func() string {
		if fn.Pkg != nil && fn.Pkg.Pkg != nil {
			return pc.funcName(fn, false)
		}
		return fn.Name()
	}
	if pc.funcs[fn] {
		s := pc.sums[fn]
		if s.empty() {
			return opInfo{}
		}
		return opInfo{sum: s, callee: fn, args: args, bindings: bindings, name: name()}
	}
	if fn.Synthetic != "" && !strings.HasPrefix(fn.Synthetic, "from type information") && !strings.HasPrefix(fn.Synthetic, "instance of") {
		// Wrappers (promoted methods, thunks): their parameters do not
		// line up with the wrapped method's summary.
		return opInfo{}
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg() == pc.pass.Pkg {
		return opInfo{}
	}
	obj = obj.Origin()
	s, seen := pc.imported[obj]
	if !seen {
		var f summaryFact
		if pc.pass.ImportObjectFact(obj, &f) {
			sum, err := f.summary()
			if err != nil {
				// Not written by this binary (the vet cache keys facts by
				// the tool's build ID, so it should not happen): the callee
				// may do anything.
				sum = Summary{Unknown: true}
			}
			s = &sum
		}
		pc.imported[obj] = s
	}
	if s.empty() {
		return opInfo{}
	}
	return opInfo{sum: s, callee: fn, args: args, bindings: bindings, name: name()}
}

// sccs returns the strongly connected components of the package's static
// call graph (closures included), callees before callers.
func sccs(funcs []*ssa.Function, in map[*ssa.Function]bool, hook func(ssa.Value) *ssa.Function) [][]*ssa.Function {
	succs := func(fn *ssa.Function) []*ssa.Function {
		var out []*ssa.Function
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var call *ssa.CallCommon
				switch instr := instr.(type) {
				case *ssa.Call:
					call = &instr.Call
				case *ssa.Defer:
					call = &instr.Call
				case *ssa.Go:
					call = &instr.Call // spawn reads the goroutine's summary
				default:
					continue
				}
				if call.IsInvoke() {
					continue
				}
				// The callee, and a callback a Once may run now (see
				// classify), through the variable holding it if any.
				vals := []ssa.Value{call.Value}
				if op, _ := syncapi.CallOp(call); op == syncapi.OnceDo && len(call.Args) > 0 {
					vals = append(vals, call.Args[len(call.Args)-1])
				}
				// Callbacks handed to the callee: their summaries are
				// applied at this call (callbacks.go).
				for _, arg := range call.Args {
					switch arg.(type) {
					case *ssa.Function, *ssa.MakeClosure:
						vals = append(vals, arg)
					}
				}
				for _, v := range vals {
					if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
						if al, ok := u.X.(*ssa.Alloc); ok {
							if st := singleStore(al); st != nil {
								v = st
							}
						}
					}
					var callee *ssa.Function
					switch v := v.(type) {
					case *ssa.Function:
						callee = v
					case *ssa.MakeClosure:
						callee, _ = v.Fn.(*ssa.Function)
						if callee != nil && strings.HasPrefix(callee.Synthetic, "bound method wrapper") {
							if obj, ok := callee.Object().(*types.Func); ok {
								callee = callee.Prog.FuncValue(obj.Origin())
							}
						}
					case *ssa.UnOp:
						callee = hook(v) // a self-bound hook in a field (slots.go)
					}
					if callee == nil {
						continue
					}
					if o := callee.Origin(); o != nil {
						callee = o
					}
					if in[callee] {
						out = append(out, callee)
					}
				}
			}
		}
		return out
	}
	index := map[*ssa.Function]int{}
	low := map[*ssa.Function]int{}
	onStack := map[*ssa.Function]bool{}
	var stack []*ssa.Function
	var out [][]*ssa.Function
	next := 0
	var visit func(fn *ssa.Function)
	visit = func(fn *ssa.Function) {
		index[fn] = next
		low[fn] = next
		next++
		stack = append(stack, fn)
		onStack[fn] = true
		for _, s := range succs(fn) {
			if _, ok := index[s]; !ok {
				visit(s)
				low[fn] = min(low[fn], low[s])
			} else if onStack[s] {
				low[fn] = min(low[fn], index[s])
			}
		}
		if low[fn] == index[fn] {
			var scc []*ssa.Function
			for {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[top] = false
				scc = append(scc, top)
				if top == fn {
					break
				}
			}
			out = append(out, scc)
		}
	}
	for _, fn := range funcs {
		if _, ok := index[fn]; !ok {
			visit(fn)
		}
	}
	return out
}

// String renders an event for debugging.
func (e Event) String() string { return fmt.Sprintf("%d: %s", e.Kind, e.Message) }

// AllSummaries returns the non-empty summaries of the package's functions
// (for tools and statistics), in no particular order.
func AllSummaries(r *Result) []*Summary {
	var out []*Summary
	for _, s := range r.local {
		if !s.empty() {
			out = append(out, s)
		}
	}
	return out
}

// unnamedEntries returns the test entries among funcs (tests, benchmarks,
// suite methods: syncapi.IsTestEntry) that no identifier of the package
// refers to.
func unnamedEntries(pass *analysis.Pass, funcs []*ssa.Function) map[*ssa.Function]bool {
	var out map[*ssa.Function]bool
	for _, fn := range funcs {
		if obj, ok := fn.Object().(*types.Func); ok && fn.Synthetic == "" && syncapi.IsTestEntry(pass.Fset, obj) {
			if out == nil {
				out = make(map[*ssa.Function]bool)
			}
			out[fn] = true
		}
	}
	if out == nil {
		return nil
	}
	named := make(map[types.Object]bool)
	for _, obj := range pass.TypesInfo.Uses {
		if f, ok := obj.(*types.Func); ok && f.Pkg() == pass.Pkg {
			named[f.Origin()] = true
		}
	}
	for fn := range out {
		if named[fn.Object()] {
			delete(out, fn)
		}
	}
	return out
}
