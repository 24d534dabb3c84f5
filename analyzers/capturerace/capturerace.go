package capturerace

import (
	_ "embed"
	"fmt"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/analyzerdoc"
	"github.com/conclint/conclint/internal/lockset"
	"github.com/conclint/conclint/internal/ssacfg"
	"github.com/conclint/conclint/internal/suppress"
	"github.com/conclint/conclint/internal/syncapi"
)

//go:embed doc.go
var doc string

// Analyzer reports data races on variables captured by goroutine closures:
// the spawner accessing a variable the goroutine may still be writing, and
// goroutines started in a loop all writing one captured variable.
var Analyzer = &analysis.Analyzer{
	Name:     "capturerace",
	Doc:      analyzerdoc.MustExtract(doc, "capturerace"),
	URL:      analyzerdoc.URL("capturerace"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer, lockset.Analyzer},
	Run:      suppress.Run(run),
}

// Categories, one per sub-kind.
const (
	catSpawner = "spawner-access"  // A: the spawner vs its goroutine
	catLoop    = "loop-goroutines" // B: goroutines of one loop vs each other
)

// Budgets: functions larger than maxBlocks are skipped; the search for
// synchronization inside callees stops at maxCallDepth.
const (
	maxBlocks    = 2000
	maxCallDepth = 3
)

type passCtx struct {
	pass  *analysis.Pass
	locks *lockset.Result
	// syncCache[strict][fn]: fn may synchronize (strict: unknown calls count).
	syncCache [2]map[*ssa.Function]bool
	diags     []analysis.Diagnostic
}

// run checks one package. A panic is turned into an error naming the
// analyzer, the package and the panic site by internal/isolate, like every
// analyzer of the suite.
func run(pass *analysis.Pass) (any, error) {
	ssainfo, ok := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	if !ok || ssainfo == nil {
		return nil, nil
	}
	locks, _ := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	if locks == nil {
		return nil, nil
	}
	pc := &passCtx{pass: pass, locks: locks}
	pc.syncCache[0] = make(map[*ssa.Function]bool)
	pc.syncCache[1] = make(map[*ssa.Function]bool)
	for _, fn := range ssainfo.SrcFuncs {
		if fn == nil || len(fn.Blocks) == 0 || len(fn.Blocks) > maxBlocks {
			continue // not built, or over budget
		}
		pc.checkFunc(fn)
	}
	sort.SliceStable(pc.diags, func(i, j int) bool { return pc.diags[i].Pos < pc.diags[j].Pos })
	seen := make(map[string]bool)
	for _, d := range pc.diags {
		key := fmt.Sprint(d.Pos, d.Category, d.Message)
		if seen[key] {
			continue // the same finding through two go statements
		}
		seen[key] = true
		pass.Report(d)
	}
	return nil, nil
}

// A spawn is a goroutine running a function literal of the spawner: a go
// statement, or (*sync.WaitGroup).Go / (*errgroup.Group).Go.
type spawn struct {
	instr ssa.Instruction
	mc    *ssa.MakeClosure
	fn    *ssa.Function
	group bool // errgroup: SetLimit may serialise the goroutines
}

// writeKind says how a goroutine writes a captured variable.
type writeKind int

const (
	wStore writeKind = iota + 1 // v = x, v += x, v = append(v, x)
	wMap                        // v[k] = x, delete(v, k)
)

// A write is an unsynchronized write of a captured variable by a goroutine.
type write struct {
	instr ssa.Instruction
	kind  writeKind
	field int // the struct field written (v.f = x), or -1: the whole variable
}

// conflicts reports whether accesses to field a and field b of one
// variable (-1: the whole variable) overlap.
func conflicts(a, b int) bool { return a < 0 || b < 0 || a == b }

// fieldName names field i of the struct variable whose cell is v.
func fieldName(v ssa.Value, i int) string {
	if i < 0 {
		return ""
	}
	if p, ok := v.Type().Underlying().(*types.Pointer); ok {
		if st, ok := p.Elem().Underlying().(*types.Struct); ok && i < st.NumFields() {
			return "." + st.Field(i).Name()
		}
	}
	return ".?"
}

func (pc *passCtx) checkFunc(fn *ssa.Function) {
	var spawns []spawn
	hasLimit := false
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			switch ins := ins.(type) {
			case *ssa.Go:
				if mc, ok := ins.Call.Value.(*ssa.MakeClosure); ok { // arguments are copies: only captures are shared
					if g, ok := mc.Fn.(*ssa.Function); ok {
						spawns = append(spawns, spawn{instr: ins, mc: mc, fn: g})
					}
				}
			case *ssa.Call:
				switch op, _ := syncapi.CallOp(&ins.Call); op {
				case syncapi.WGGo, syncapi.ErrgroupGo, syncapi.ErrgroupTryGo:
					if n := len(ins.Call.Args); n >= 1 {
						if mc, ok := ins.Call.Args[n-1].(*ssa.MakeClosure); ok {
							if g, ok := mc.Fn.(*ssa.Function); ok {
								spawns = append(spawns, spawn{instr: ins, mc: mc, fn: g, group: op != syncapi.WGGo})
							}
						}
					}
				case syncapi.ErrgroupSetLimit:
					hasLimit = true
				}
			}
		}
	}
	for _, sp := range spawns {
		if len(sp.fn.Blocks) == 0 {
			continue // no body
		}
		for i, bnd := range sp.mc.Bindings {
			if i >= len(sp.fn.FreeVars) {
				break
			}
			if !isCell(fn, bnd) {
				continue // not a variable of the spawner
			}
			ws := pc.writes(sp.fn.FreeVars[i])
			if len(ws) == 0 {
				continue // the goroutine does not write it, or only after synchronizing
			}
			pc.checkSpawner(sp, bnd, ws)
			if !sp.group || !hasLimit {
				pc.checkLoop(sp, bnd, ws)
			}
		}
	}
}

// isCell reports whether v is the cell of a variable the spawner fn
// captures by reference: a local variable of fn (an Alloc, moved to the
// heap because a closure captures it) or a free variable of fn itself.
func isCell(fn *ssa.Function, v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Alloc:
		return v.Parent() == fn && v.Comment != "" && v.Comment != "complit" && v.Comment != "varargs" && v.Comment != "slicelit" && v.Comment != "new"
	case *ssa.FreeVar:
		return v.Parent() == fn
	}
	return false
}

func varName(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.Alloc:
		return v.Comment
	case *ssa.FreeVar:
		return v.Name()
	}
	return v.Name()
}

// writes returns the writes of the goroutine body g to the variable whose
// cell is fv that are certain to be unsynchronized: not atomic (an atomic
// write is a call, never a Store), not made with a lock held, and with no
// synchronizing operation on any path from g's entry to the write (else the
// write may be ordered after something the spawner does later). Only
// writes in g itself count: nested literals (deferred recovers, Once.Do
// bodies) may run under synchronization the pass does not see.
func (pc *passCtx) writes(fv *ssa.FreeVar) []write {
	var out []write
	add := func(ins ssa.Instruction, k writeKind, field int) {
		if !ins.Pos().IsValid() {
			return // nothing to show
		}
		if len(pc.locks.HeldAt(ins)) > 0 {
			return // written under a lock
		}
		if pc.syncBefore(ins) {
			return // may be ordered after the spawner's later operations
		}
		out = append(out, write{instr: ins, kind: k, field: field})
	}
	refs := fv.Referrers()
	if refs == nil {
		return nil
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr == fv {
				add(r, wStore, -1)
			}
		case *ssa.FieldAddr:
			if r.X != fv {
				continue
			}
			for _, fr := range refsOf(r) {
				if st, ok := fr.(*ssa.Store); ok && st.Addr == r {
					add(st, wStore, r.Field) // v.f = x
				}
			}
		case *ssa.UnOp:
			if r.Op != token.MUL || r.X != fv {
				continue // not a load of the variable
			}
			if _, ok := r.Type().Underlying().(*types.Map); !ok {
				continue // only map contents are written through a loaded value
			}
			for _, mr := range refsOf(r) {
				switch mr := mr.(type) {
				case *ssa.MapUpdate:
					if mr.Map == r {
						add(mr, wMap, -1)
					}
				case *ssa.Call:
					if syncapi.IsBuiltin(&mr.Call, "delete") && len(mr.Call.Args) > 0 && mr.Call.Args[0] == r {
						add(mr, wMap, -1)
					}
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].instr.Pos() < out[j].instr.Pos() })
	return out
}

func refsOf(v ssa.Value) []ssa.Instruction {
	if r := v.Referrers(); r != nil {
		return *r
	}
	return nil
}

// syncBefore reports whether, in the goroutine, a synchronizing operation
// lies on some path from the function's entry to ins. Calls the pass
// cannot see into (function values, interface methods) are not counted
// here: they are the goroutine's work (s.remove(v), probe(x)).
func (pc *passCtx) syncBefore(ins ssa.Instruction) bool {
	for x := range reachBack(ins, nil) {
		if pc.syncs(x, false, 0) {
			return true
		}
	}
	return false
}

// checkSpawner is rule A: the spawner fn accesses the variable (cell) after
// the go statement with no synchronization on any path between them.
func (pc *passCtx) checkSpawner(sp spawn, cell ssa.Value, ws []write) {
	onlyMap := true
	for _, w := range ws {
		if w.kind != wMap {
			onlyMap = false
		}
	}
	// The variable's own allocation is a barrier: past it, in a loop, the
	// name denotes a fresh variable (per-iteration declarations).
	var barrier ssa.Instruction
	if a, ok := cell.(*ssa.Alloc); ok {
		barrier = a
	}
	fwd := reachFwd(sp.instr, barrier)
	type acc struct {
		ins   ssa.Instruction
		write bool
		field int
	}
	var accs []acc
	for _, r := range refsOf(cell) {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr == cell && !onlyMap {
				accs = append(accs, acc{r, true, -1})
			}
		case *ssa.FieldAddr:
			if r.X != cell || onlyMap {
				continue
			}
			for _, fr := range refsOf(r) {
				switch fr := fr.(type) {
				case *ssa.Store:
					if fr.Addr == r {
						accs = append(accs, acc{fr, true, r.Field})
					}
				case *ssa.UnOp:
					if fr.Op == token.MUL && fr.X == r {
						accs = append(accs, acc{fr, false, r.Field})
					}
				}
			}
		case *ssa.UnOp:
			if r.Op != token.MUL || r.X != cell {
				continue // not a load of the variable
			}
			if !onlyMap {
				accs = append(accs, acc{r, false, -1})
				continue
			}
			// The goroutine writes only map contents: loading the
			// variable is no conflict, using the map is.
			for _, mr := range refsOf(r) {
				switch mr := mr.(type) {
				case *ssa.Lookup:
					accs = append(accs, acc{mr, false, -1})
				case *ssa.Range:
					accs = append(accs, acc{mr, false, -1})
				case *ssa.MapUpdate:
					if mr.Map == r {
						accs = append(accs, acc{mr, true, -1})
					}
				case *ssa.Call:
					if syncapi.IsBuiltin(&mr.Call, "delete") || syncapi.IsBuiltin(&mr.Call, "len") {
						accs = append(accs, acc{mr, syncapi.IsBuiltin(&mr.Call, "delete"), -1})
					}
				}
			}
		}
	}
	sort.SliceStable(accs, func(i, j int) bool { return accs[i].ins.Pos() < accs[j].ins.Pos() })
	for _, a := range accs {
		if !a.ins.Pos().IsValid() || !fwd[a.ins] {
			continue // no position, or not after the go statement
		}
		if len(pc.locks.HeldAt(a.ins)) > 0 {
			continue // accessed under a lock
		}
		if pc.syncBetween(sp.instr, a.ins, barrier, fwd) {
			continue // some path synchronizes (or sleeps: sleepsync's case)
		}
		w, found := write{}, false
		for _, x := range ws {
			if conflicts(x.field, a.field) {
				w, found = x, true
				break
			}
		}
		if !found {
			continue // the goroutine writes other fields
		}
		fset := pc.pass.Fset
		f := a.field
		if f < 0 {
			f = w.field
		}
		name := varName(cell) + fieldName(cell, f)
		verb := "read"
		if a.write {
			verb = "written"
		}
		what := "writing"
		if onlyMap {
			verb, what = "accessed", "updating"
			name = "map " + name
		}
		pc.diags = append(pc.diags, analysis.Diagnostic{
			Pos:      a.ins.Pos(),
			Category: catSpawner,
			Message: fmt.Sprintf("%s is %s here while the goroutine started at line %d may still be %s it (line %d): data race; wait for the goroutine (channel, WaitGroup) before using it",
				name, verb, fset.Position(sp.instr.Pos()).Line, what, fset.Position(w.instr.Pos()).Line),
			Related: related(
				analysis.RelatedInformation{Pos: w.instr.Pos(), Message: "written by the goroutine here"},
				analysis.RelatedInformation{Pos: sp.instr.Pos(), Message: "goroutine started here"},
			),
		})
		return // one report per variable and goroutine
	}
}

// checkLoop is rule B: the go statement is on a cycle of fn, the variable
// is declared outside that cycle, and nothing on the cycle makes the
// spawner wait between two starts.
func (pc *passCtx) checkLoop(sp spawn, cell ssa.Value, ws []write) {
	fwd := reachFwd(sp.instr, nil)
	if !fwd[sp.instr] {
		return // not in a loop
	}
	bwd := reachBack(sp.instr, nil)
	if a, ok := cell.(*ssa.Alloc); ok && fwd[a] && bwd[a] {
		return // declared inside the loop: one variable per iteration
	}
	for ins := range fwd {
		if bwd[ins] && ins != sp.instr && pc.syncs(ins, true, 0) {
			return // the spawner may wait for, or throttle, each goroutine
		}
	}
	if !sp.instr.Pos().IsValid() {
		return
	}
	w := ws[0]
	name := varName(cell) + fieldName(cell, w.field)
	msg := fmt.Sprintf("%s is written by every goroutine started in this loop without synchronization: data race; use a mutex or sync/atomic", name)
	if w.kind == wMap {
		msg = fmt.Sprintf("map %s is updated by every goroutine started in this loop without synchronization: concurrent map writes crash the program; use a mutex", name)
	}
	pc.diags = append(pc.diags, analysis.Diagnostic{
		Pos:      w.instr.Pos(),
		Category: catLoop,
		Message:  msg,
		Related: related(
			analysis.RelatedInformation{Pos: sp.instr.Pos(), Message: "goroutine started here, in a loop"},
		),
	})
}

// syncBetween reports whether a synchronizing operation (unknown calls
// included) lies on some path from x to y that does not pass barrier.
func (pc *passCtx) syncBetween(x, y, barrier ssa.Instruction, fwd map[ssa.Instruction]bool) bool {
	for ins := range reachBack(y, barrier) {
		if fwd[ins] && ins != x && pc.syncs(ins, true, 0) {
			return true
		}
	}
	return false
}

// reachFwd returns the instructions reachable from x (excluding x unless
// on a cycle) without executing barrier.
func reachFwd(x, barrier ssa.Instruction) map[ssa.Instruction]bool {
	out := make(map[ssa.Instruction]bool)
	entered := make(map[*ssa.BasicBlock]bool)
	type item struct {
		b *ssa.BasicBlock
		i int
	}
	stack := []item{{x.Block(), ssacfg.Index(x) + 1}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		cut := false
		for _, ins := range it.b.Instrs[it.i:] {
			if ins == barrier {
				cut = true
				break
			}
			out[ins] = true
		}
		if cut {
			continue // a fresh variable from here on
		}
		for _, s := range it.b.Succs {
			if !entered[s] {
				entered[s] = true
				stack = append(stack, item{s, 0})
			}
		}
	}
	return out
}

// reachBack returns the instructions from which y is reachable (excluding
// y unless on a cycle) without executing barrier.
func reachBack(y, barrier ssa.Instruction) map[ssa.Instruction]bool {
	out := make(map[ssa.Instruction]bool)
	entered := make(map[*ssa.BasicBlock]bool)
	type item struct {
		b *ssa.BasicBlock
		i int // last index, inclusive
	}
	stack := []item{{y.Block(), ssacfg.Index(y) - 1}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		cut := false
		for j := it.i; j >= 0; j-- {
			ins := it.b.Instrs[j]
			if ins == barrier {
				cut = true
				break
			}
			out[ins] = true
		}
		if cut {
			continue
		}
		for _, p := range it.b.Preds {
			if !entered[p] {
				entered[p] = true
				stack = append(stack, item{p, len(p.Instrs) - 1})
			}
		}
	}
	return out
}

// syncs reports whether ins may synchronize with another goroutine:
// channel operations, locks, WaitGroup and Cond operations, Once, atomics,
// semaphores, sleeps, and package functions doing one of these. strict
// also counts calls the pass cannot see into (function values, interface
// methods, and other packages' functions taking a channel or function) —
// on the spawner's side, where such a call may be the wait.
func (pc *passCtx) syncs(ins ssa.Instruction, strict bool, depth int) bool {
	switch ins := ins.(type) {
	case *ssa.UnOp:
		return ins.Op == token.ARROW
	case *ssa.Send, *ssa.Select:
		return true
	case *ssa.Call:
		return pc.callSyncs(&ins.Call, strict, depth)
	}
	return false
}

func (pc *passCtx) callSyncs(call *ssa.CallCommon, strict bool, depth int) bool {
	switch op, _ := syncapi.CallOp(call); op {
	case syncapi.None:
	case syncapi.WGAdd, syncapi.WGGo, syncapi.ErrgroupGo, syncapi.ErrgroupTryGo, syncapi.ErrgroupSetLimit,
		syncapi.CtxBackground, syncapi.CtxWithCancel, syncapi.CtxDone, syncapi.CondNew, syncapi.RLocker:
		return false // no ordering by itself (a receive on ctx.Done() is counted apart)
	default:
		return true // locks, waits, Once, atomics, semaphores, Sleep, ...
	}
	if call.IsInvoke() {
		return strict
	}
	switch f := call.Value.(type) {
	case *ssa.Builtin:
		return f.Name() == "close"
	case *ssa.Function:
		if f.Pkg == nil || f.Pkg.Pkg != pc.pass.Pkg {
			// Another package: its body is not visible. A callee taking
			// a channel or a function may wait on it.
			if !strict {
				return false
			}
			for _, a := range call.Args {
				switch a.Type().Underlying().(type) {
				case *types.Chan, *types.Signature:
					return true
				}
			}
			return false
		}
		return pc.funcSyncs(f, strict, depth+1)
	case *ssa.MakeClosure:
		if fn, ok := f.Fn.(*ssa.Function); ok {
			return pc.funcSyncs(fn, strict, depth+1)
		}
	}
	return strict // a function value: unknown
}

// funcSyncs reports whether fn (of this package) may synchronize.
func (pc *passCtx) funcSyncs(fn *ssa.Function, strict bool, depth int) bool {
	if depth > maxCallDepth {
		return true // over budget: assume it may
	}
	k := 0
	if strict {
		k = 1
	}
	if r, ok := pc.syncCache[k][fn]; ok {
		return r
	}
	pc.syncCache[k][fn] = true // recursion: assume it may
	r := len(fn.Blocks) == 0   // no body: unknown
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			if !r && pc.syncs(ins, strict, depth) {
				r = true
			}
		}
	}
	pc.syncCache[k][fn] = r
	return r
}

// related drops related sites without a position.
func related(rs ...analysis.RelatedInformation) []analysis.RelatedInformation {
	var out []analysis.RelatedInformation
	for _, r := range rs {
		if r.Pos.IsValid() {
			out = append(out, r)
		}
	}
	return out
}
