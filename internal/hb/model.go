package hb

import (
	"go/constant"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/factsonly"
	"github.com/conclint/conclint/internal/lockset"
	"github.com/conclint/conclint/internal/ssacfg"
	"github.com/conclint/conclint/internal/syncapi"
)

// Analyzer builds the happens-before model of a package and exports
// goroutine summaries ([FuncFact]) for its functions. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "hb",
	Doc:        "computes conclint's happens-before model and goroutine summaries",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, lockset.Analyzer},
	Run:        run,
	FactTypes:  []analysis.Fact{new(FuncFact)},
	ResultType: reflect.TypeFor[*Model](),
}

// Budgets. Events and writes inside callees are followed maxDepth calls
// deep; functions with more than maxBlocks blocks get no events (callers
// then see nothing of them, which only loses reports).
const (
	maxDepth  = 3
	maxBlocks = 2000
)

// Model is the happens-before model of one package. Its methods are
// lazy and cache per function; a Model is used by one pass at a time.
type Model struct {
	pass  *analysis.Pass
	pkg   *types.Package
	locks *lockset.Result
	funcs map[*ssa.Function]bool // the package's source functions

	events   map[*ssa.Function][]Event
	escape   map[ssa.Value]bool
	fieldCap map[fieldKey]int64 // capacity of channels stored in a field; CapUnknown when they differ
	iter     map[[2]*ssa.BasicBlock]bool
	bodies   map[[2]*ssa.BasicBlock]map[*ssa.BasicBlock]bool
	reach    map[*ssa.BasicBlock]map[*ssa.BasicBlock]bool
	spawns   map[*ssa.Function][]Spawn
	joined   map[joinKey]bool
	facts    map[*types.Func]*FuncFact
	lockLocs map[*ssa.Function]map[int]Loc // per function: Pos of a lock call → the lock's Loc
	budget   int
	syncOnly bool // walk: skip the function literals a function makes
}

type fieldKey struct {
	t     types.Type
	field int
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo, ok := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	if !ok || ssainfo == nil {
		return (*Model)(nil), nil
	}
	locks, _ := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	m := &Model{
		pass:     pass,
		pkg:      pass.Pkg,
		locks:    locks,
		funcs:    make(map[*ssa.Function]bool),
		events:   make(map[*ssa.Function][]Event),
		escape:   make(map[ssa.Value]bool),
		iter:     make(map[[2]*ssa.BasicBlock]bool),
		bodies:   make(map[[2]*ssa.BasicBlock]map[*ssa.BasicBlock]bool),
		reach:    make(map[*ssa.BasicBlock]map[*ssa.BasicBlock]bool),
		spawns:   make(map[*ssa.Function][]Spawn),
		joined:   make(map[joinKey]bool),
		facts:    make(map[*types.Func]*FuncFact),
		lockLocs: make(map[*ssa.Function]map[int]Loc),
	}
	for _, fn := range ssainfo.SrcFuncs {
		m.funcs[fn] = true
	}
	if !factsonly.Unread(pass) {
		m.exportFacts(ssainfo.SrcFuncs)
	}
	// Consumers query forks, with caches of their own: the caches
	// exportFacts filled are dropped rather than kept for the rest of the
	// package's analysis (hundreds of MB on the largest packages).
	return m.Fork(), nil
}

// Fork returns a copy of the model for one consumer: the summaries run
// computed are shared, the caches filled on demand and the per-query
// state (budgets) are the copy's own. An analyzer's result is read by the
// analyzers that require it in parallel, so each consumer must call Fork
// once before its first query. Fork of nil is nil.
func (m *Model) Fork() *Model {
	if m == nil {
		return nil
	}
	facts := make(map[*types.Func]*FuncFact, len(m.facts))
	for k, v := range m.facts {
		facts[k] = v
	}
	return &Model{
		pass:     m.pass,
		pkg:      m.pkg,
		locks:    m.locks,
		funcs:    m.funcs,
		events:   make(map[*ssa.Function][]Event),
		escape:   make(map[ssa.Value]bool),
		iter:     make(map[[2]*ssa.BasicBlock]bool),
		bodies:   make(map[[2]*ssa.BasicBlock]map[*ssa.BasicBlock]bool),
		reach:    make(map[*ssa.BasicBlock]map[*ssa.BasicBlock]bool),
		spawns:   make(map[*ssa.Function][]Spawn),
		joined:   make(map[joinKey]bool),
		facts:    facts,
		lockLocs: make(map[*ssa.Function]map[int]Loc),
	}
}

// Pkg returns the package the model describes.
func (m *Model) Pkg() *types.Package { return m.pkg }

// Local reports whether fn is a function of this package with a body.
func (m *Model) Local(fn *ssa.Function) bool {
	if fn == nil || len(fn.Blocks) == 0 {
		return false
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	return fn.Pkg != nil && fn.Pkg.Pkg == m.pkg
}

// Fact returns the summary of a function of another package, or nil.
func (m *Model) Fact(fn *ssa.Function) *FuncFact {
	if fn == nil || m == nil {
		return nil
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		if o := fn.Origin(); o != nil {
			obj, ok = o.Object().(*types.Func)
		}
		if !ok {
			return nil
		}
	}
	obj = obj.Origin()
	if f, ok := m.facts[obj]; ok {
		return f
	}
	var f *FuncFact
	if obj.Pkg() != m.pkg {
		var ff FuncFact
		if m.pass.ImportObjectFact(obj, &ff) {
			f = &ff
		}
	}
	m.facts[obj] = f
	return f
}

// chanCap returns the buffer size of the channel v denotes, in v's frame.
func (m *Model) chanCap(v ssa.Value) int64 {
	for i := 0; i < 8; i++ {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.MakeChan:
			if c, ok := x.Size.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.Int {
				n, _ := constant.Int64Val(c.Value)
				return n
			}
			return CapLarge
		case *ssa.UnOp:
			if fa, ok := x.X.(*ssa.FieldAddr); ok {
				return m.capOfField(fa)
			}
			if a, ok := x.X.(*ssa.Alloc); ok {
				return m.capOfCell(a)
			}
		case *ssa.Phi:
			c := CapUnknown
			for j, e := range x.Edges {
				ec := m.chanCapShallow(e)
				if j == 0 {
					c = ec
				} else if ec != c {
					return CapUnknown
				}
			}
			return c
		}
		return CapUnknown
	}
	return CapUnknown
}

// capOfLoc returns the capacity of the channel at l, a location of the
// analysed frame: a make, or a local variable every store makes.
func (m *Model) capOfLoc(l Loc) int64 {
	switch r := l.Root.(type) {
	case *ssa.MakeChan:
		if l.Path == "" {
			return m.chanCap(r)
		}
	case *ssa.Alloc:
		if l.Path == "*/" {
			return m.capOfCell(r)
		}
	}
	return CapUnknown
}

func (m *Model) chanCapShallow(v ssa.Value) int64 {
	if mc, ok := v.(*ssa.MakeChan); ok {
		return m.chanCap(mc)
	}
	return CapUnknown
}

// capOfCell returns the capacity of the channels stored in a local
// variable, when every store is a make of one constant size.
func (m *Model) capOfCell(a *ssa.Alloc) int64 {
	c, found := CapUnknown, false
	if a.Referrers() == nil {
		return CapUnknown
	}
	for _, r := range *a.Referrers() {
		st, ok := r.(*ssa.Store)
		if !ok || st.Addr != a {
			continue
		}
		mc, ok := st.Val.(*ssa.MakeChan)
		if !ok {
			return CapUnknown
		}
		sc := m.chanCap(mc)
		if found && sc != c {
			return CapUnknown
		}
		c, found = sc, true
	}
	return c
}

// capOfField returns the capacity of the channels the package stores in
// the field fa selects (of any instance of its struct type): the one
// constant size of every make stored there, or CapUnknown.
func (m *Model) capOfField(fa *ssa.FieldAddr) int64 {
	if m.fieldCap == nil {
		m.fieldCap = make(map[fieldKey]int64)
		seen := make(map[fieldKey]bool)
		for fn := range m.funcs {
			for _, b := range fn.Blocks {
				for _, ins := range b.Instrs {
					st, ok := ins.(*ssa.Store)
					if !ok {
						continue
					}
					f, ok := st.Addr.(*ssa.FieldAddr)
					if !ok {
						continue
					}
					if _, isChan := st.Val.Type().Underlying().(*types.Chan); !isChan {
						continue
					}
					k := fieldKey{structOf(f.X.Type()), f.Field}
					c := CapUnknown
					if mc, ok := st.Val.(*ssa.MakeChan); ok {
						c = m.chanCap(mc)
					}
					if seen[k] && m.fieldCap[k] != c {
						c = CapUnknown
					}
					seen[k] = true
					m.fieldCap[k] = c
				}
			}
		}
	}
	if c, ok := m.fieldCap[fieldKey{structOf(fa.X.Type()), fa.Field}]; ok {
		return c
	}
	return CapUnknown
}

func structOf(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Origin()
	}
	return t
}

// FuncEvents returns the synchronization events of fn in its own frame,
// each attributed to the instruction of fn where it happens: channel
// operations, concurrency API calls, the events of the package functions
// and closures it calls (maxDepth deep), the events other packages'
// summaries list for calls into them, and an Unknown event for each call
// the model cannot see into (a function value, an interface method,
// another package's function without a summary that takes a channel or a
// function). Deferred calls give Deferred events. Goroutines fn starts are
// not part of it.
func (m *Model) FuncEvents(fn *ssa.Function) []Event {
	return m.funcEvents(fn, 0)
}

func (m *Model) funcEvents(fn *ssa.Function, depth int) []Event {
	if fn == nil {
		return nil
	}
	if evs, ok := m.events[fn]; ok {
		return evs
	}
	m.events[fn] = nil // recursion: nothing more
	if len(fn.Blocks) > maxBlocks {
		return nil
	}
	var out []Event
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			switch ins := ins.(type) {
			case *ssa.UnOp, *ssa.Send, *ssa.Select:
				for _, e := range chanOps(ins) {
					e.Cap = m.chanCap(objValue(ins, e))
					out = append(out, e)
				}
			case *ssa.Call:
				out = append(out, m.callEvents(&ins.Call, ins, depth)...)
			case *ssa.Defer:
				for _, e := range m.callEvents(&ins.Call, ins, depth) {
					e.Deferred = true
					out = append(out, e)
				}
			}
		}
	}
	m.events[fn] = out
	return out
}

// objValue returns the channel operand of a channel event of ins.
func objValue(ins ssa.Instruction, e Event) ssa.Value {
	switch ins := ins.(type) {
	case *ssa.UnOp:
		return ins.X
	case *ssa.Send:
		return ins.Chan
	case *ssa.Select:
		for _, st := range ins.States {
			if LocOf(st.Chan).Root == e.Obj.Root && LocOf(st.Chan).Path == e.Obj.Path {
				return st.Chan
			}
		}
	}
	return nil
}

// callEvents returns the events of one call (or defer) in fn's frame.
func (m *Model) callEvents(call *ssa.CallCommon, ins ssa.Instruction, depth int) []Event {
	if e, api := apiEvent(call, ins); api {
		if e.Kind == 0 {
			return nil
		}
		if e.Kind == ChanClose && len(call.Args) == 1 {
			e.Cap = m.chanCap(call.Args[0])
		}
		return []Event{e}
	}
	if spawnCall(call) {
		return nil // wg.Go, g.Go, AfterFunc: a spawn, not an event
	}
	if call.IsInvoke() {
		return []Event{{Kind: Unknown, Instr: ins}}
	}
	var callee *ssa.Function
	var env Env
	switch f := call.Value.(type) {
	case *ssa.Builtin:
		return nil
	case *ssa.Function:
		callee = f
		env = BindCall(f, call.Args, nil)
	case *ssa.MakeClosure:
		var cenv Env
		callee, cenv = BindClosure(f, nil)
		if callee == nil {
			return []Event{{Kind: Unknown, Instr: ins}}
		}
		env = BindCall(callee, call.Args, nil)
		for k, v := range cenv {
			env[k] = v
		}
	default:
		return []Event{{Kind: Unknown, Instr: ins}} // a function value
	}
	if !m.Local(callee) {
		if f := m.Fact(callee); f != nil {
			var out []Event
			for _, s := range f.Sync {
				if s.Param < 0 || s.Param >= len(call.Args) {
					continue
				}
				l := LocOf(call.Args[s.Param])
				out = append(out, Event{Kind: s.Kind, Obj: l.Sub(s.Path, ""), Instr: ins, Cap: s.Cap, Read: s.Read})
			}
			return out
		}
		// Out of sight without a summary: a callee given a channel or a
		// function may synchronize on it.
		for _, a := range call.Args {
			switch a.Type().Underlying().(type) {
			case *types.Chan, *types.Signature:
				return []Event{{Kind: Unknown, Instr: ins}}
			}
		}
		return nil
	}
	if depth >= maxDepth {
		return []Event{{Kind: Unknown, Instr: ins}} // over budget: it may
	}
	// All of the callee's events happen at ins: one per kind and object
	// is enough. Without this, a function's list holds every event of
	// its callees' callees once per path to it, and the lists of a large
	// package (its callees' lists are cached at whatever depth they were
	// first made) grow with the number of paths in the call graph.
	type evKey struct {
		kind                  Kind
		root                  ssa.Value
		path                  string
		cap                   int64
		read, exit, valueOnly bool
	}
	seen := make(map[evKey]bool)
	var out []Event
	for _, e := range m.funcEvents(callee, depth+1) {
		if e.Kind == Unknown {
			e = Event{Kind: Unknown, Instr: ins}
			if k := (evKey{kind: Unknown}); !seen[k] {
				seen[k] = true
				out = append(out, e)
			}
			continue
		}
		if e.Cap == CapUnknown && chanKind(e.Kind) && e.Obj.Path == "" {
			// The callee's channel parameter: the argument's capacity.
			if p, ok := e.Obj.Root.(*ssa.Parameter); ok {
				if i := paramIndex(callee, p); i >= 0 && i < len(call.Args) {
					e.Cap = m.chanCap(call.Args[i])
				}
			}
		}
		if l, ok := TranslateLoc(e.Obj, env); ok {
			e.Obj = l
		}
		e.Instr, e.Deferred = ins, false
		k := evKey{e.Kind, e.Obj.Root, e.Obj.Path, e.Cap, e.Read, e.Exit, e.ValueOnly}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	return out
}

// spawnCall reports whether call starts a goroutine through an API.
func spawnCall(call *ssa.CallCommon) bool {
	switch op, _ := syncapi.CallOp(call); op {
	case syncapi.WGGo, syncapi.ErrgroupGo, syncapi.ErrgroupTryGo:
		return true
	}
	f := syncapi.Callee(call)
	return afterFuncs[syncapi.StdName(f)]
}

// afterFuncs are the standard library's functions that arm a callback
// to run on a goroutine of its own, with the callback as last argument.
var afterFuncs = map[string]bool{
	"time.AfterFunc":    true,
	"context.AfterFunc": true,
}

// iterReach reports whether block y is reachable from block x without
// taking the back edge of a loop that contains y: x's part of the
// current iteration of every loop holding y, and what follows loops
// that do not hold y (an inner loop between x and y is left, not
// repeated).
func (m *Model) iterReach(x, y *ssa.BasicBlock) bool {
	k := [2]*ssa.BasicBlock{x, y}
	if r, ok := m.iter[k]; ok {
		return r
	}
	seen := map[*ssa.BasicBlock]bool{x: true}
	stack := []*ssa.BasicBlock{x}
	found := x == y
	for len(stack) > 0 && !found {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, s := range b.Succs {
			if seen[s] {
				continue
			}
			if s.Dominates(b) && m.loopBody(s, b)[y] {
				continue // the back edge of a loop holding y: the next iteration
			}
			if s == y {
				found = true
				break
			}
			seen[s] = true
			stack = append(stack, s)
		}
	}
	m.iter[k] = found
	return found
}

// loopBody returns the natural loop of the back edge latch → h.
func (m *Model) loopBody(h, latch *ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	k := [2]*ssa.BasicBlock{h, latch}
	if r, ok := m.bodies[k]; ok {
		return r
	}
	r := ssacfg.LoopBody(h, latch)
	m.bodies[k] = r
	return r
}

func (m *Model) reachFrom(b *ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	if r, ok := m.reach[b]; ok {
		return r
	}
	r := ssacfg.Reach(ssacfg.Succs, b)
	m.reach[b] = r
	return r
}

// Follows reports whether y executes after x in the same iteration of
// every loop holding both, or after the loop holding x: y is reachable
// from x without the back edge of a loop that holds y. A receive at the
// head of a loop follows nothing of the loop's body in this sense: the
// receive that comes after the body is the next iteration's, a different
// operation; a send after an inner loop follows the inner loop's body.
func (m *Model) Follows(x, y ssa.Instruction) bool {
	if x == nil || y == nil || x.Block() == nil || y.Block() == nil || x.Parent() != y.Parent() {
		return false
	}
	bx, by := x.Block(), y.Block()
	if bx == by {
		return ssacfg.Index(x) < ssacfg.Index(y)
	}
	return m.iterReach(bx, by)
}

// MayPrecede reports whether x may execute before y, in any iteration.
func (m *Model) MayPrecede(x, y ssa.Instruction) bool {
	if x == nil || y == nil || x.Block() == nil || y.Block() == nil || x.Parent() != y.Parent() {
		return false
	}
	if x.Block() == y.Block() && ssacfg.Index(x) < ssacfg.Index(y) {
		return true
	}
	for _, s := range x.Block().Succs {
		if m.reachFrom(s)[y.Block()] {
			return true
		}
	}
	return false
}
