// Package explore is conclint's interleaving explorer: it finds goroutines
// that block forever by running the goroutines an entry function starts
// under many schedules, on an abstract interpretation of their SSA.
//
// # Using it
//
// Require [Analyzer] and take its [*Result]:
//
//	res := pass.ResultOf[explore.Analyzer].(*explore.Result)
//	for _, f := range res.Findings() { ... } // computed once, on first call
//
// Each [Finding] is one deadlock: the blocked operation (Pos), the analyzer
// whose hazard it is (Category: goroutineleak, chanlock, lockorder or
// doublelock), a message, related sites (where the goroutine was started,
// the calls that led to the operation, the other goroutines and the locks
// they hold) and the schedule that leads there (Trace, then Blocked).
// goroutineleak, chanlock, lockorder and doublelock report them, each
// dropping findings its own pattern checks already report.
//
// # Entries
//
// An entry is a function of the package that contains a go statement (or
// starts goroutines through WaitGroup.Go or time.AfterFunc), or calls,
// directly or one call away, a function of the package that does: tests,
// constructors, Start and Run methods, the closures a test starts. Each
// entry is explored on its own with its parameters unknown; functions of
// main.main and init are not entries (the process bounds their
// goroutines).
//
// # The abstract machine
//
// The interpreter runs SSA over an abstract heap: allocations make
// objects, struct fields and array elements are cells, so a channel,
// mutex, WaitGroup, Cond or Once in a field of an object allocated during
// the exploration has a precise identity without any points-to analysis.
// Maps are tracked by their constant keys, slices by their constant
// lengths. Integers, booleans and strings are constants where they can
// be; everything else is unknown, and an unknown integer, boolean,
// pointer or interface is a symbol: a branch on it splits the state and
// records the outcome (an interval for integers, nil or not for
// pointers), so a second branch on the same value — or on len of the same
// unknown slice — goes the same way (correlated branches). Calls of
// functions with a body are interpreted (closures and method values
// included, interface methods when the dynamic type is known) up to 24
// frames and 2 activations of one function; other calls are unknown code:
// their results are unknown and the objects their operands reach escape.
// A small table models the standard library: sync (through
// internal/syncapi), sync/atomic, context (cancellation propagates to
// derived contexts; a deadline or an unknown parent may cancel at any
// time), time (timers and tickers fire at any time; Sleep does nothing),
// t.Run. Calls of fmt, strings, errors and the like are unknown but keep
// nothing.
//
// # The search
//
// Only synchronisation interleaves: a step runs one goroutine's visible
// operation (send, receive, select, close, lock, unlock, WaitGroup, Cond,
// Once, cancel, atomics) and then its local instructions up to the next
// one (partial-order reduction: local steps commute with everything, in a
// program without data races). The search is depth-first over schedules
// with state hashing (stacks with their live values, the heap, the sync
// states, what escaped and the symbols' constraints). RWMutex writers
// queue: a reader arriving after a queued writer blocks. Loops that
// synchronise run at most 3 iterations and purely local loops 1000; a
// goroutine past a bound is paused: it is alive (it can still wake
// others) but no longer followed. Budgets per entry — states, interpreted
// instructions, goroutines — count work, not time, so results are
// deterministic; over budget, the search stops and reports what it found.
//
// # What counts as a deadlock
//
// In a state, a goroutine no step moves is blocked. It is blocked forever
// when nothing alive can wake it (the runtime's goroutine leak profile
// definition): alive are the goroutines that can move or were paused,
// every object unknown code can reach (parameters of the entry, globals,
// operands of unknown calls), and transitively the blocked goroutines
// those can wake; a lock waiter can be woken only by the lock's holders,
// any other waiter by anyone alive that can reach its channel, WaitGroup,
// Cond or Once. Paths that panic, exit, call t.Fatal or mark the test
// failed (t.Error) are dropped. The stuck goroutines are grouped by who
// waits for whom; each group that waits for nobody outside itself is one
// deadlock, reported once: a goroutine waiting for a lock it holds
// (doublelock, including a recursive read lock behind a queued writer), a
// goroutine blocked on a channel, WaitGroup or Cond while holding a lock
// another waits for (chanlock), a cycle of lock waits (lockorder), or a
// goroutine nobody left can wake (goroutineleak).
package explore

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/conclint/conclint/internal/syncapi"
)

// Analyzer explores the package's entry functions. It reports nothing;
// the analyzers whose hazards it finds report its findings.
var Analyzer = &analysis.Analyzer{
	Name:       "explore",
	Doc:        "explore: bounded exploration of the interleavings of the goroutines a function starts",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

// Result gives the package's findings, computed on the first call of
// Findings (so packages whose reporting analyzers do not ask cost
// nothing) and shared by every caller.
type Result struct {
	Findings func() []*Finding
	// Stats describes the work done (for -debug output); valid after
	// Findings was called.
	Stats func() Stats
	// logStats appends Stats to a debug file, once per package
	logStats func(pkg, path string)
}

// Stats counts the explorer's work on a package.
type Stats struct {
	Entries    int // entry functions explored
	States     int // states visited, over all entries
	OverBudget int // entries whose exploration stopped at a budget
	Skipped    int // entries not explored: the package's budget was spent
}

// Finding is one deadlock found by exploration.
type Finding struct {
	Category string    // the analyzer that reports it
	Pos      token.Pos // the blocked operation
	Message  string
	Related  []Related
	// Trace is the schedule that leads to the deadlock, at most maxTrace
	// steps (the last ones); TraceTotal is its full length. Blocked lists
	// the operations the deadlocked goroutines block on, the reported
	// one first.
	Trace      []TraceStep
	TraceTotal int
	Blocked    []TraceStep
	Goroutines []GoroutineInfo
	Entry      *ssa.Function
}

// Related is a secondary site of a finding.
type Related struct {
	Pos     token.Pos
	Message string
	call    bool // a call on the way to the blocked operation
}

// TraceStep is one step of a schedule: goroutine G does Text at Pos.
type TraceStep struct {
	G    int
	Pos  token.Pos
	Text string
}

// GoroutineInfo names a goroutine of a trace.
type GoroutineInfo struct {
	ID    int
	Name  string
	Start token.Pos
	Stuck bool
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo, ok := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	if !ok || ssainfo == nil || ssainfo.Pkg == nil {
		return &Result{Findings: func() []*Finding { return nil }, Stats: func() Stats { return Stats{} }}, nil
	}
	// Nothing is computed until an analyzer asks: with every explore flag
	// off the explorer costs nothing.
	var (
		once sync.Once
		x    *explorer
	)
	explored := func() *explorer {
		once.Do(func() {
			x = newExplorer(ssainfo.Pkg.Prog, ssainfo.SrcFuncs, DefaultBudget())
			x.exploreAll()
		})
		return x
	}
	var logOnce sync.Once
	return &Result{
		Findings: func() []*Finding { return explored().findings },
		Stats:    func() Stats { return explored().stats },
		logStats: func(pkg, path string) {
			logOnce.Do(func() { writeStats(pkg, path, explored().stats) })
		},
	}, nil
}

// explorer holds what the machines of one package share.
type explorer struct {
	prog     *ssa.Program
	funcs    []*ssa.Function // source functions and their closures
	budget   Budget
	infos    map[*ssa.Function]*funcInfo
	fnIDs    map[*ssa.Function]int
	typeIDs  typeutil.Map
	findings []*Finding
	stats    Stats
	closures map[*ssa.Function][]*ssa.MakeClosure // closure → its MakeClosure sites
	handoff  map[lockClass]bool                   // lock classes some function unlocks without locking
	// sentinels: package variables set once, by the package initializer,
	// to a new error (var errX = errors.New("x")): never nil
	sentinels map[*ssa.Global]bool
	// written: package variables of the package that a function other
	// than the package initializer writes (or whose address it takes);
	// initialized: those the initializer writes
	written, initialized map[*ssa.Global]bool
}

func newExplorer(prog *ssa.Program, src []*ssa.Function, budget Budget) *explorer {
	x := &explorer{prog: prog, budget: budget, infos: make(map[*ssa.Function]*funcInfo), fnIDs: make(map[*ssa.Function]int)}
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		x.funcs = append(x.funcs, fn)
		for _, a := range fn.AnonFuncs {
			add(a)
		}
	}
	for _, fn := range src {
		add(fn)
	}
	x.closures = make(map[*ssa.Function][]*ssa.MakeClosure)
	for _, fn := range x.funcs {
		for _, b := range fn.Blocks {
			for _, ins := range b.Instrs {
				if mc, ok := ins.(*ssa.MakeClosure); ok {
					if c, ok := mc.Fn.(*ssa.Function); ok {
						x.closures[c] = append(x.closures[c], mc)
					}
				}
			}
		}
	}
	x.handoff = x.handoffClasses()
	inits := x.funcs
	if len(src) > 0 && src[0].Pkg != nil {
		if init := src[0].Pkg.Func("init"); init != nil {
			inits = append(slices.Clip(inits), init)
		}
	}
	x.sentinels, x.written, x.initialized = packageVars(inits)
	return x
}

// packageVars returns the sentinel errors — package variables that only
// the package initializer stores to, each time a new error (errors.New,
// fmt.Errorf) — and the package variables that a function other than the
// initializer writes or hands out the address of, and those the
// initializer does.
func packageVars(funcs []*ssa.Function) (sentinels, written, initialized map[*ssa.Global]bool) {
	out := make(map[*ssa.Global]bool)
	other := make(map[*ssa.Global]bool)
	written = make(map[*ssa.Global]bool)
	initialized = make(map[*ssa.Global]bool)
	for _, fn := range funcs {
		init := fn.Synthetic == "package initializer"
		for _, b := range fn.Blocks {
			for _, ins := range b.Instrs {
				var buf [8]*ssa.Value
				for _, op := range ins.Operands(buf[:0]) {
					g, ok := (*op).(*ssa.Global)
					if !ok {
						continue
					}
					// a load reads it; any other use may write it
					if u, isLoad := ins.(*ssa.UnOp); !isLoad || u.Op != token.MUL {
						if init {
							initialized[g] = true
						} else {
							written[g] = true
						}
					}
				}
				st, ok := ins.(*ssa.Store)
				if !ok {
					continue
				}
				g, ok := st.Addr.(*ssa.Global)
				if !ok {
					continue
				}
				ok = init
				if ok {
					c, isCall := st.Val.(*ssa.Call)
					callee := (*types.Func)(nil)
					if isCall {
						callee = syncapi.Callee(c.Common())
					}
					ok = callee != nil && (callee.FullName() == "errors.New" || callee.FullName() == "fmt.Errorf")
				}
				if ok {
					out[g] = true
				} else {
					other[g] = true
				}
			}
		}
	}
	for g := range other {
		delete(out, g)
	}
	return out, written, initialized
}

func (x *explorer) info(fn *ssa.Function) *funcInfo {
	fi := x.infos[fn]
	if fi == nil {
		fi = newFuncInfo(fn)
		x.infos[fn] = fi
	}
	return fi
}

// exploreAll explores every entry and keeps one finding per blocked
// operation and analyzer.
func (x *explorer) exploreAll() {
	seen := make(map[findingKey]bool)
	steps := 0
	for _, fn := range x.entries() {
		if steps > x.budget.Package {
			x.stats.Skipped++
			continue
		}
		m := &machine{x: x, prog: x.prog, budget: x.budget}
		m.run(fn)
		steps += m.steps
		x.stats.Entries++
		x.stats.States += m.states
		if m.overBudget {
			x.stats.OverBudget++
		}
		for _, f := range m.findings {
			k := findingKey{f.Category, int(f.Pos)}
			if seen[k] {
				continue
			}
			seen[k] = true
			f.Entry = fn
			if debugExplore {
				fmt.Printf("entry %s: finding at %v\n", fn, x.prog.Fset.Position(f.Pos))
			}
			x.findings = append(x.findings, f)
		}
	}
	slices.SortStableFunc(x.findings, func(a, b *Finding) int { return int(a.Pos - b.Pos) })
}

// entries returns the entry functions: those not reached from another
// entry first (their findings have the most context), each group in
// source order.
func (x *explorer) entries() []*ssa.Function {
	spawns := make(map[*ssa.Function]bool)
	for _, fn := range x.funcs {
		if startsGoroutines(fn) {
			spawns[fn] = true
		}
	}
	bubbled := x.bubbled()
	var out []*ssa.Function
	isEntry := make(map[*ssa.Function]bool)
	for _, fn := range x.funcs {
		if len(fn.Blocks) == 0 || processLifetime(fn) || inBubble(fn, bubbled) {
			continue
		}
		if spawns[fn] || reachesSpawner(fn, spawns, entryDepth, map[*ssa.Function]bool{fn: true}) {
			out = append(out, fn)
			isEntry[fn] = true
		}
	}
	// inner: reached from another entry through calls or closures
	inner := make(map[*ssa.Function]bool)
	for _, fn := range out {
		for _, c := range uses(fn) {
			if c != fn && isEntry[c] {
				inner[c] = true
			}
		}
	}
	slices.SortStableFunc(out, func(a, b *ssa.Function) int {
		if inner[a] != inner[b] {
			if inner[a] {
				return 1
			}
			return -1
		}
		return int(a.Pos() - b.Pos())
	})
	return out
}

// bubbled returns the functions the package runs in a synctest bubble
// (the function passed to testing/synctest.Test or internal/synctest.Run).
// In a bubble time is virtual: a goroutine that sleeps wakes only when
// every other goroutine of the bubble is durably blocked, so time.Sleep
// orders goroutines there, and the explorer, to which sleeping does
// nothing, would find schedules that cannot happen. They are not entries.
func (x *explorer) bubbled() map[*ssa.Function]bool {
	out := make(map[*ssa.Function]bool)
	for _, fn := range x.funcs {
		for _, b := range fn.Blocks {
			for _, ins := range b.Instrs {
				c, ok := ins.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if op, _ := syncapi.CallOp(c.Common()); op != syncapi.SynctestRun {
					continue
				}
				for _, a := range c.Common().Args {
					switch a := a.(type) {
					case *ssa.MakeClosure:
						if f, ok := a.Fn.(*ssa.Function); ok {
							out[f] = true
						}
					case *ssa.Function:
						out[a] = true
					}
				}
			}
		}
	}
	return out
}

// inBubble reports whether fn or a function it is nested in runs in a
// synctest bubble.
func inBubble(fn *ssa.Function, bubbled map[*ssa.Function]bool) bool {
	for ; fn != nil; fn = fn.Parent() {
		if bubbled[fn] {
			return true
		}
	}
	return false
}

// entryDepth is how many calls (or closures made) away from a goroutine
// start an entry may be.
const entryDepth = 3

// uses returns the functions fn calls statically, starts, or makes
// closures or function values of.
func uses(fn *ssa.Function) []*ssa.Function {
	var out []*ssa.Function
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			switch ins := ins.(type) {
			case ssa.CallInstruction:
				if c := ins.Common().StaticCallee(); c != nil {
					out = append(out, c)
				}
			case *ssa.MakeClosure:
				if c, ok := ins.Fn.(*ssa.Function); ok {
					out = append(out, c)
				}
			}
			var buf [8]*ssa.Value
			for _, op := range ins.Operands(buf[:0]) {
				if op == nil {
					continue
				}
				if c, ok := (*op).(*ssa.Function); ok {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// reachesSpawner reports whether a function fn uses (see uses), within
// depth steps, starts goroutines.
func reachesSpawner(fn *ssa.Function, spawns map[*ssa.Function]bool, depth int, seen map[*ssa.Function]bool) bool {
	if depth == 0 {
		return false
	}
	for _, c := range uses(fn) {
		if seen[c] {
			continue
		}
		seen[c] = true
		if spawns[c] || reachesSpawner(c, spawns, depth-1, seen) {
			return true
		}
	}
	return false
}

// processLifetime reports whether fn is main.main, an init function, or
// nested in one: goroutines they leave blocked live as long as the process
// anyway.
func processLifetime(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main" && fn.Name() == "main" && fn.Signature.Recv() == nil {
		return true
	}
	return fn.Synthetic == "package initializer" || (fn.Signature.Recv() == nil && strings.HasPrefix(fn.Name(), "init#"))
}

// FuncName names fn the way the runtime does in stack traces, without the
// package: "F", "(*T).M", "F.func2.1", "(*T).M.func1".
func FuncName(fn *ssa.Function) string {
	if fn == nil {
		return "?"
	}
	var nums []string
	for fn.Parent() != nil {
		name := fn.Name()
		if i := strings.LastIndexByte(name, '$'); i >= 0 {
			nums = append(nums, name[i+1:])
		}
		fn = fn.Parent()
	}
	base := fn.Name()
	base = strings.TrimSuffix(base, "$bound")
	base = strings.TrimSuffix(base, "$thunk")
	if recv := fn.Signature.Recv(); recv != nil {
		t := recv.Type()
		ptr := ""
		if p, ok := t.(*types.Pointer); ok {
			t, ptr = p.Elem(), "*"
		}
		tn := types.TypeString(t, func(*types.Package) string { return "" })
		if i := strings.IndexByte(tn, '['); i >= 0 {
			tn = tn[:i]
		}
		if ptr != "" {
			base = "(" + ptr + tn + ")." + base
		} else {
			base = tn + "." + base
		}
	}
	slices.Reverse(nums)
	for i, n := range nums {
		if i == 0 {
			base += ".func" + n
		} else {
			base += "." + n
		}
	}
	return base
}

// startsGoroutines reports whether fn has a go statement or starts a
// goroutine through WaitGroup.Go or time.AfterFunc.
func startsGoroutines(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			switch ins := ins.(type) {
			case *ssa.Go:
				return true
			case *ssa.Call:
				if op, _ := syncapi.CallOp(ins.Common()); op == syncapi.WGGo {
					return true
				}
				if c := syncapi.Callee(ins.Common()); c != nil && c.FullName() == "time.AfterFunc" {
					return true
				}
			}
		}
	}
	return false
}
