package hb

import (
	"fmt"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/syncapi"
)

// FuncFact summarizes, for callers in other packages, what calling a
// function does that the happens-before model needs: the goroutines and
// timer callbacks it starts and what they write, the synchronization it
// performs on memory its parameters reach, and what it reads there. All
// locations are relative to parameters (the receiver is parameter 0).
type FuncFact struct {
	Spawns []SpawnSum
	Sync   []EventSum
	Reads  []LocSum
}

// AFact marks FuncFact as an analysis fact.
func (*FuncFact) AFact() {}

// String renders the fact for tests (// want name:"hb(...)").
func (f *FuncFact) String() string {
	var parts []string
	for _, s := range f.Spawns {
		var w []string
		for _, x := range s.Writes {
			w = append(w, x.String())
		}
		for _, x := range s.Invokes {
			w = append(w, fmt.Sprintf("invoke(p%d%s.%s)", x.Param, x.Path, x.Method))
		}
		for _, x := range s.Calls {
			w = append(w, "call("+x.String()+")")
		}
		for _, r := range s.Runs {
			w = append(w, fmt.Sprintf("runs(p%d)", r))
		}
		for _, e := range s.Releases {
			w = append(w, e.String())
		}
		for _, e := range s.After {
			w = append(w, "after "+e.String())
		}
		parts = append(parts, "spawn["+strings.Join(w, " ")+"]")
	}
	for _, e := range f.Sync {
		parts = append(parts, "sync "+e.String())
	}
	for _, r := range f.Reads {
		parts = append(parts, "reads "+r.String())
	}
	return "hb(" + strings.Join(parts, "; ") + ")"
}

// A SpawnSum is one goroutine (or timer callback) a function starts.
type SpawnSum struct {
	Writes   []LocSum
	Invokes  []InvokeSum
	Calls    []LocSum // function values called, loaded from these
	Runs     []int    // parameters (function values) the goroutine runs
	Releases []EventSum
	// After are the goroutine's releases after the function values it
	// runs return (a helper's deferred wg.Done).
	After []EventSum
}

// A LocSum is a location below a parameter.
type LocSum struct {
	Param  int
	Path   string
	Name   string // the path as written: ".status"
	Synced bool
}

func (l LocSum) String() string {
	s := fmt.Sprintf("p%d%s", l.Param, l.Name)
	if l.Synced {
		s += "(synced)"
	}
	return s
}

// An InvokeSum is an interface method called on a value loaded from a
// location below a parameter.
type InvokeSum struct {
	Param  int
	Path   string
	Method string
}

// An EventSum is a synchronization event on an object below a parameter
// (Param -1: an object the function made, which a caller cannot name).
type EventSum struct {
	Kind  Kind
	Param int
	Path  string
	Cap   int64
	Read  bool
}

func (e EventSum) String() string { return fmt.Sprintf("%s(p%d%s)", e.Kind, e.Param, e.Path) }

func (e EventSum) event(args []ssa.Value, at ssa.Instruction) (Event, bool) {
	if e.Param == -1 {
		return Event{Kind: e.Kind, Instr: at, Cap: e.Cap, Read: e.Read}, true // an object out of the caller's sight: May with anything
	}
	if e.Param >= len(args) {
		// An object the function returns.
		if c, ok := at.(*ssa.Call); ok {
			if res := results(c); e.Param-len(args) < len(res) && res[e.Param-len(args)] != nil {
				return Event{Kind: e.Kind, Obj: LocOf(res[e.Param-len(args)]).Sub(e.Path, ""), Instr: at, Cap: e.Cap, Read: e.Read}, true
			}
		}
		return Event{Kind: e.Kind, Instr: at, Cap: e.Cap, Read: e.Read}, true // out of sight: May with anything
	}
	if e.Param < 0 {
		return Event{}, false
	}
	return Event{Kind: e.Kind, Obj: LocOf(args[e.Param]).Sub(e.Path, ""), Instr: at, Cap: e.Cap, Read: e.Read}, true
}

// translate expresses a summary at a call site.
func (s *SpawnSum) translate(args []ssa.Value, at ssa.Instruction) *Effects {
	e := &Effects{}
	loc := func(p int, path, name string) (Loc, bool) {
		if p >= len(args) {
			// A result: what the function returns (a constructor's
			// object, which its goroutine runs on).
			if c, ok := at.(*ssa.Call); ok {
				if res := results(c); p-len(args) < len(res) && res[p-len(args)] != nil {
					return LocOf(res[p-len(args)]).Sub(path, name), true
				}
			}
			return Loc{}, false
		}
		if p < 0 {
			return Loc{}, false
		}
		return LocOf(args[p]).Sub(path, name), true
	}
	for _, w := range s.Writes {
		if l, ok := loc(w.Param, w.Path, w.Name); ok {
			e.Writes = append(e.Writes, Write{Loc: l, Pos: at.Pos(), Synced: w.Synced})
		}
	}
	for _, iv := range s.Invokes {
		if l, ok := loc(iv.Param, iv.Path, ""); ok {
			e.Invokes = append(e.Invokes, Invoke{Recv: l, Method: iv.Method, Pos: at.Pos()})
		}
	}
	for _, c := range s.Calls {
		if l, ok := loc(c.Param, c.Path, c.Name); ok {
			e.Calls = append(e.Calls, l)
		}
	}
	for _, r := range s.Releases {
		if ev, ok := r.event(args, at); ok {
			e.Releases = append(e.Releases, ev)
		}
	}
	return e
}

// retarget expresses effects known in a callee's frame in its caller's.
func (e *Effects) retarget(env Env, at ssa.Instruction) *Effects {
	out := &Effects{}
	for _, w := range e.Writes {
		if l, ok := TranslateLoc(w.Loc, env); ok {
			out.Writes = append(out.Writes, Write{Loc: l, Pos: at.Pos(), Synced: w.Synced})
		}
	}
	for _, iv := range e.Invokes {
		if l, ok := TranslateLoc(iv.Recv, env); ok {
			iv.Recv, iv.Pos = l, at.Pos()
			out.Invokes = append(out.Invokes, iv)
		}
	}
	for _, c := range e.Calls {
		if l, ok := TranslateLoc(c, env); ok {
			out.Calls = append(out.Calls, l)
		}
	}
	for _, r := range e.Releases {
		if l, ok := TranslateLoc(r.Obj, env); ok {
			r.Obj = l
		}
		r.Instr = at
		out.Releases = append(out.Releases, r)
	}
	return out
}

// Summary limits: facts stay small.
const maxSumItems = 32

// exportFacts summarizes the package's functions (those with a
// *types.Func: declared functions and methods) and exports the non-empty
// summaries.
func (m *Model) exportFacts(funcs []*ssa.Function) {
	type item struct {
		obj *types.Func
		fn  *ssa.Function
		f   *FuncFact
	}
	var items []item
	asyncTypes := make(map[types.Type]bool)
	for _, fn := range funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Pkg() != m.pkg || fn.Synthetic != "" || len(fn.Blocks) == 0 || len(fn.Blocks) > maxBlocks {
			continue
		}
		if !obj.Exported() || syncapi.IsTestEntry(m.pass.Fset, obj) {
			continue // no other package can call it by name, or does: its fact would go unread
		}
		f := &FuncFact{}
		m.summarizeSpawns(fn, f)
		m.summarizeSync(fn, f)
		if len(f.Spawns) > 0 && len(fn.Params) > 0 {
			asyncTypes[structOf(fn.Params[0].Type())] = true
		}
		items = append(items, item{obj, fn, f})
	}
	// Reads are exported for the exported functions of types some
	// function starts goroutines on (getters a test in another package
	// may read the goroutine's result through).
	for _, it := range items {
		fn := it.fn
		if !it.obj.Exported() || len(fn.Params) == 0 || !asyncTypes[structOf(fn.Params[0].Type())] {
			continue
		}
		seen := make(map[LocSum]bool)
		for _, r := range m.ParamReads(fn) {
			if seen[r] || len(it.f.Reads) >= maxSumItems {
				continue
			}
			seen[r] = true
			it.f.Reads = append(it.f.Reads, r)
		}
	}
	for _, it := range items {
		if len(it.f.Spawns) == 0 && len(it.f.Sync) == 0 && len(it.f.Reads) == 0 && !m.quiet(it.fn) {
			continue
		}
		m.pass.ExportObjectFact(it.obj, it.f)
	}
}

// quiet reports whether fn takes a channel or a function (a caller
// without its summary must assume it may synchronize on it) and the model
// sees all it does: no call it cannot see into. Its empty summary tells
// callers it does not (hub.Watch(f) stores f and returns).
func (m *Model) quiet(fn *ssa.Function) bool {
	takes := false
	for _, p := range fn.Params {
		switch p.Type().Underlying().(type) {
		case *types.Chan, *types.Signature:
			takes = true
		}
	}
	if !takes {
		return false
	}
	for _, e := range m.FuncEvents(fn) {
		if e.Kind == Unknown {
			return false
		}
	}
	return true
}

func paramIndex(fn *ssa.Function, v ssa.Value) int {
	for i, p := range fn.Params {
		if p == v {
			return i
		}
	}
	return -1
}

// resultIndex returns the index of the result through which fn returns
// v, an object it makes (return h), or -1.
func resultIndex(fn *ssa.Function, v ssa.Value) int {
	switch v.(type) {
	case *ssa.Alloc, *ssa.MakeChan, *ssa.MakeMap, *ssa.MakeSlice:
	default:
		return -1
	}
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			for i, r := range ret.Results {
				if r == v {
					return i
				}
			}
		}
	}
	return -1
}

// locSum expresses a location of fn's frame relative to a parameter, or
// to a result (index len(fn.Params)+i) for an object fn makes and
// returns.
func locSum(fn *ssa.Function, l Loc, synced bool) (LocSum, bool) {
	idx := paramIndex(fn, l.Root)
	if idx < 0 {
		if r := resultIndex(fn, l.Root); r >= 0 {
			idx = len(fn.Params) + r
		}
	}
	if idx < 0 {
		return LocSum{}, false
	}
	return LocSum{Param: idx, Path: l.Path, Name: strings.TrimPrefix(l.Name, RootName(l.Root)), Synced: synced}, true
}

func eventSum(fn *ssa.Function, e Event) (EventSum, bool) {
	idx := paramIndex(fn, e.Obj.Root)
	if idx < 0 && e.Obj.Valid() {
		if r := resultIndex(fn, e.Obj.Root); r >= 0 {
			idx = len(fn.Params) + r // an object fn returns
		}
	}
	if idx < 0 {
		return EventSum{}, false
	}
	return EventSum{Kind: e.Kind, Param: idx, Path: e.Obj.Path, Cap: e.Cap, Read: e.Read}, true
}

func (m *Model) summarizeSpawns(fn *ssa.Function, f *FuncFact) {
	for _, sp := range m.Spawns(fn) {
		if m.Joined(fn, sp) {
			continue // done when fn returns
		}
		var s SpawnSum
		for _, r := range sp.Runs {
			if idx := paramIndex(fn, r.Root); idx >= 0 && r.Path == "" {
				s.Runs = append(s.Runs, idx)
			}
		}
		eff := m.Effects(sp)
		for _, w := range eff.Writes {
			if ls, ok := locSum(fn, w.Loc, w.Synced); ok && len(s.Writes) < maxSumItems {
				s.Writes = append(s.Writes, ls)
			}
		}
		for _, iv := range eff.Invokes {
			if ls, ok := locSum(fn, iv.Recv, false); ok && len(s.Invokes) < maxSumItems {
				s.Invokes = append(s.Invokes, InvokeSum{Param: ls.Param, Path: ls.Path, Method: iv.Method})
			}
		}
		for _, c := range eff.Calls {
			if ls, ok := locSum(fn, c, false); ok && len(s.Calls) < maxSumItems {
				s.Calls = append(s.Calls, ls)
			}
		}
		for _, e := range eff.Releases {
			es, ok := eventSum(fn, e)
			if !ok && e.Kind != Unknown {
				// On an object of the function's own (a channel it
				// made): callers cannot name it, but may hold it (a
				// field it was stored in). Param -1: any object.
				es, ok = EventSum{Kind: e.Kind, Param: -1, Cap: e.Cap, Read: e.Read}, true
			}
			if ok && len(s.Releases) < maxSumItems {
				if e.Exit {
					s.After = append(s.After, es)
				} else {
					s.Releases = append(s.Releases, es)
				}
			}
		}
		if len(s.Writes)+len(s.Invokes)+len(s.Calls)+len(s.Runs)+len(s.Releases)+len(s.After) == 0 {
			continue // nothing a caller can see
		}
		f.Spawns = append(f.Spawns, s)
	}
}

// summarizeSync records fn's own acquires on objects its parameters reach
// (a Wait method waiting on its receiver's WaitGroup), and releases too,
// so callers pair them.
//
// A function whose events are only locks, atomics and Once (a method that
// locks its receiver, an atomic counter) exports none: its critical
// sections begin and end inside it, and most of the standard library's
// methods are of this kind.
func (m *Model) summarizeSync(fn *ssa.Function, f *FuncFact) {
	seen := make(map[EventSum]bool)
	evs := m.FuncEvents(fn)
	waits := false
	for _, e := range evs {
		switch e.Kind {
		case LockAcq, LockRel, AtomicLoad, AtomicWrite, OnceDo, Unknown:
		default:
			waits = true
		}
	}
	if !waits {
		return
	}
	for _, e := range evs {
		if e.Kind == Unknown {
			continue
		}
		es, ok := eventSum(fn, e)
		if !ok || es.Param >= len(fn.Params) || seen[es] || len(f.Sync) >= maxSumItems {
			continue // not on a parameter (callers pair only those)
		}
		seen[es] = true
		f.Sync = append(f.Sync, es)
	}
	sort.SliceStable(f.Sync, func(i, j int) bool { return f.Sync[i].String() < f.Sync[j].String() })
}
