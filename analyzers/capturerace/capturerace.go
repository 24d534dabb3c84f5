package capturerace

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/analyzerdoc"
	"github.com/conclint/conclint/internal/hb"
	"github.com/conclint/conclint/internal/ssacfg"
	"github.com/conclint/conclint/internal/suppress"
	"github.com/conclint/conclint/internal/syncapi"
)

//go:embed doc.go
var doc string

// Analyzer reports data races on variables captured by goroutine closures:
// the spawner accessing a variable the goroutine may still be writing,
// goroutines started in a loop all writing one captured variable, and
// goroutines reading a loop variable that a pre-Go 1.22 loop advances.
var Analyzer = &analysis.Analyzer{
	Name:     "capturerace",
	Doc:      analyzerdoc.MustExtract(doc, "capturerace"),
	URL:      analyzerdoc.URL("capturerace"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer, hb.Analyzer},
	Run:      suppress.Run(run),
}

// Categories, one per sub-kind.
const (
	catSpawner = "spawner-access"  // A: the spawner vs its goroutine
	catLoop    = "loop-goroutines" // B: goroutines of one loop vs each other
	catLoopVar = "loop-variable"   // C: a shared (pre-1.22) loop variable vs the goroutines reading it
)

// maxBlocks: larger functions are skipped.
const maxBlocks = 2000

type passCtx struct {
	pass *analysis.Pass
	hb   *hb.Model
	// loopVars are the positions of variables declared by a for or range
	// statement in a file whose Go version is before 1.22 (one variable
	// for the whole loop), with that version.
	loopVars map[token.Pos]string
	exprs    map[token.Pos]string // lazily: the operand named at a call's Lparen or a send's arrow
	diags    []analysis.Diagnostic
}

// run checks one package. A panic is turned into an error naming the
// analyzer, the package and the panic site by internal/isolate, like every
// analyzer of the suite.
func run(pass *analysis.Pass) (any, error) {
	ssainfo, ok := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	if !ok || ssainfo == nil {
		return nil, nil
	}
	model, _ := pass.ResultOf[hb.Analyzer].(*hb.Model)
	model = model.Fork() // its caches are not shared with other consumers
	if model == nil {
		return nil, nil
	}
	pc := &passCtx{pass: pass, hb: model, loopVars: oldLoopVars(pass)}
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

// oldLoopVars returns the variables declared by loops in files compiled
// with Go versions before 1.22, where SSA (like the compiler) makes one
// variable for the whole loop.
func oldLoopVars(pass *analysis.Pass) map[token.Pos]string {
	out := make(map[token.Pos]string)
	for _, f := range pass.Files {
		v := pass.TypesInfo.FileVersions[f]
		if v == "" || !before122(v) {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var ids []ast.Expr
			switch n := n.(type) {
			case *ast.RangeStmt:
				if n.Tok == token.DEFINE {
					ids = append(ids, n.Key, n.Value)
				}
			case *ast.ForStmt:
				if as, ok := n.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
					ids = append(ids, as.Lhs...)
				}
			}
			for _, e := range ids {
				if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
					out[id.Pos()] = v
				}
			}
			return true
		})
	}
	return out
}

// before122 reports whether a Go version ("go1.21", "go1.21.3") is
// before go1.22.
func before122(v string) bool {
	var major, minor int
	if _, err := fmt.Sscanf(strings.TrimPrefix(v, "go"), "%d.%d", &major, &minor); err != nil {
		return false
	}
	return major == 1 && minor < 22
}

// writeKind says how a goroutine writes a captured variable.
type writeKind int

const (
	wStore writeKind = iota + 1 // v = x, v += x, v = append(v, x), v.f = x, p.f = x
	wMap                        // m[k] = x, delete(m, k), for a map held in v (or a field of it)
)

// A write is a write by a goroutine's literal to memory the spawner
// reaches: loc, in the spawner's frame (its root is the captured
// variable's cell or a captured pointer).
type write struct {
	instr ssa.Instruction
	kind  writeKind
	loc   hb.Loc // for maps: the location holding the map
}

func (pc *passCtx) checkFunc(fn *ssa.Function) {
	for _, sp := range pc.hb.Spawns(fn) {
		if sp.Fn == nil || len(sp.Fn.Blocks) == 0 || sp.Instr.Parent() != fn {
			continue // the goroutine's code is out of sight, or a callee starts it
		}
		s := hb.Thread{Fn: fn, Start: sp.Instr, Strict: true}
		g := sp.Thread()
		pc.checkLateWrites(fn, sp, s, g)
		if sp.Lit == nil || sp.Lit.Parent() != fn {
			continue // no literal of fn: the goroutine writes nothing fn captured
		}
		ws := pc.writes(fn, sp)
		pc.checkSpawner(fn, sp, s, g, ws)
		pc.checkLoop(sp, s, g, ws)
		pc.checkLoopVars(sp, s, g)
	}
}

// captured reports whether v is something of the spawner fn a closure
// captures (ok): a local variable's cell (an Alloc moved to the heap) or a
// free variable of fn itself (cell is true), or a pointer value whose
// pointee the goroutine and the spawner share (a parameter, &T{...},
// new(T), another pointer-typed value).
func captured(fn *ssa.Function, v ssa.Value) (cell, ok bool) {
	switch v := v.(type) {
	case *ssa.Alloc:
		if v.Parent() != fn {
			return false, false
		}
		switch v.Comment {
		case "", "varargs", "slicelit":
			return false, false
		case "complit", "new":
			return false, true // &T{...}, new(T): a pointer value
		}
		return true, true
	case *ssa.FreeVar:
		return true, v.Parent() == fn
	case *ssa.Parameter:
		return false, v.Parent() == fn
	}
	if _, isPtr := v.Type().Underlying().(*types.Pointer); isPtr {
		return false, true
	}
	return false, false
}

// writes returns the writes of the goroutine's literal to memory fn
// shares with it: stores to captured variables (and their fields, and
// fields through captured pointers), map updates and deletes on maps held
// there. Only the literal's own instructions count: nested literals
// (deferred recovers, Once.Do bodies) may run under synchronization the
// pass does not see, and calls are the goroutine's work. Stores through a
// slice index (results[i] = x) write distinct elements and are not
// collected; atomic operations are calls, never stores.
func (pc *passCtx) writes(fn *ssa.Function, sp hb.Spawn) []write {
	var out []write
	add := func(ins ssa.Instruction, k writeKind, addr ssa.Value) {
		if !ins.Pos().IsValid() {
			return // nothing to show
		}
		l, ok := hb.Translate(addr, sp.Env)
		if !ok {
			return
		}
		if _, ok := captured(fn, l.Root); !ok {
			return // not shared with fn
		}
		if strings.Contains(l.Path, "[]/") {
			return // an element: distinct per goroutine, or out of sight
		}
		if cell, _ := captured(fn, l.Root); !cell && l.Path == "" {
			return // *p = x: the pointee's type may synchronize itself
		}
		out = append(out, write{instr: ins, kind: k, loc: l})
	}
	for _, b := range sp.Fn.Blocks {
		for _, ins := range b.Instrs {
			switch ins := ins.(type) {
			case *ssa.Store:
				add(ins, wStore, ins.Addr)
			case *ssa.MapUpdate:
				if ld, ok := ins.Map.(*ssa.UnOp); ok && ld.Op == token.MUL {
					add(ins, wMap, ld.X)
				}
			case *ssa.Call:
				if hb.IsBuiltin(&ins.Call, "delete") && len(ins.Call.Args) > 0 {
					if ld, ok := ins.Call.Args[0].(*ssa.UnOp); ok && ld.Op == token.MUL {
						add(ins, wMap, ld.X)
					}
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].instr.Pos() < out[j].instr.Pos() })
	return out
}

// An access is an access of the spawner to shared memory.
type access struct {
	ins   ssa.Instruction
	write bool
	loc   hb.Loc
	mapOp bool // a lookup, range, update, delete or len of the map at loc
}

// accessesOf returns fn's accesses, not in nested literals, to memory
// overlapping w.
func accessesOf(fn *ssa.Function, w write) []access {
	var out []access
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			switch ins := ins.(type) {
			case *ssa.Store:
				if w.kind == wStore {
					if l := hb.LocOf(ins.Addr); conflict(l, w.loc) {
						out = append(out, access{ins, true, l, false})
					}
				}
			case *ssa.UnOp:
				if ins.Op != token.MUL {
					continue
				}
				l := hb.LocOf(ins.X)
				if w.kind == wStore {
					if conflict(l, w.loc) {
						out = append(out, access{ins, false, l, false})
					}
					continue
				}
				if l.Root != w.loc.Root || l.Path != w.loc.Path {
					continue // the map is loaded from elsewhere
				}
				// The goroutine writes the map's contents: loading the
				// variable is no conflict, using the map is.
				for _, mr := range refsOf(ins) {
					switch mr := mr.(type) {
					case *ssa.Lookup:
						out = append(out, access{mr, false, l, true})
					case *ssa.Range:
						out = append(out, access{mr, false, l, true})
					case *ssa.MapUpdate:
						if mr.Map == ins {
							out = append(out, access{mr, true, l, true})
						}
					case *ssa.Call:
						if hb.IsBuiltin(&mr.Call, "delete") || hb.IsBuiltin(&mr.Call, "len") {
							out = append(out, access{mr, hb.IsBuiltin(&mr.Call, "delete"), l, true})
						}
					}
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ins.Pos() < out[j].ins.Pos() })
	return out
}

// conflict reports whether an access (a load or store) at l touches the
// memory written at w: the same location; a part of it (l.f of a written
// struct variable); or a value containing it, copied whole (a struct
// variable whose field is written) — but not through a pointer or an
// element: loading a pointer variable does not read what it points to.
func conflict(l, w hb.Loc) bool {
	if l.Root != w.Root || strings.Contains(l.Path, "[]/") {
		return false
	}
	switch {
	case l.Path == w.Path:
		return true
	case strings.HasPrefix(w.Path, l.Path):
		return !strings.Contains(w.Path[len(l.Path):], "*/")
	case strings.HasPrefix(l.Path, w.Path):
		return !strings.Contains(l.Path[len(w.Path):], "*/")
	}
	return false
}

func refsOf(v ssa.Value) []ssa.Instruction {
	if r := v.Referrers(); r != nil {
		return *r
	}
	return nil
}

// unordered reports whether the goroutine's write w and the spawner's
// access a can run at the same time: no lock held at both, and no
// happens-before order either way (internal/hb).
func (pc *passCtx) unordered(s, g hb.Thread, w ssa.Instruction, a ssa.Instruction) bool {
	if pc.hb.CommonLock(g, w, s, a) {
		return false
	}
	if ok, _ := pc.hb.Ordered(g, w, s, a, hb.Order); ok {
		return false
	}
	if ok, _ := pc.hb.Ordered(s, a, g, w, hb.Order); ok {
		return false
	}
	return true
}

// checkSpawner is rule A: the spawner fn accesses memory the goroutine
// writes, after starting it, and nothing orders the two.
func (pc *passCtx) checkSpawner(fn *ssa.Function, sp hb.Spawn, s, g hb.Thread, ws []write) {
	reported := make(map[hb.Loc]bool)
	for _, w := range ws {
		// The variable's own allocation is a barrier: past it, in a loop,
		// the name denotes a fresh variable (per-iteration declarations).
		var barrier ssa.Instruction
		if a, ok := w.loc.Root.(*ssa.Alloc); ok {
			barrier = a
		}
		fwd := reachFwd(sp.Instr, barrier)
		key := hb.Loc{Root: w.loc.Root, Path: w.loc.Path}
		if reported[key] {
			continue
		}
		for _, a := range accessesOf(fn, w) {
			if !a.ins.Pos().IsValid() || !fwd[a.ins] || a.ins == sp.Instr {
				continue // no position, or not after the go statement
			}
			if !pc.unordered(s, g, w.instr, a.ins) {
				continue
			}
			if sleepsBetween(a.ins, fwd) {
				continue // a sleep stands in for synchronization: sleepsync's report
			}
			reported[key] = true
			fset := pc.pass.Fset
			name := w.loc.Name
			if len(a.loc.Path) > len(w.loc.Path) && w.kind == wStore {
				name = a.loc.Name
			}
			verb, what := "read", "writing"
			if a.write {
				verb = "written"
			}
			if w.kind == wMap {
				verb, what = "accessed", "updating"
				name = "map " + name
			}
			pc.diags = append(pc.diags, analysis.Diagnostic{
				Pos:      a.ins.Pos(),
				Category: catSpawner,
				Message: fmt.Sprintf("%s is %s here while the goroutine started at line %d may still be %s it (line %d): data race; wait for the goroutine (channel, WaitGroup) before using it",
					name, verb, fset.Position(sp.Instr.Pos()).Line, what, fset.Position(w.instr.Pos()).Line),
				Related: related(
					analysis.RelatedInformation{Pos: w.instr.Pos(), Message: "written by the goroutine here"},
					analysis.RelatedInformation{Pos: sp.Instr.Pos(), Message: "goroutine started here"},
				),
			})
			break // one report per location and goroutine
		}
	}
}

// A read is a load by the goroutine of memory the spawner reaches, loc in
// the spawner's frame.
type read struct {
	instr ssa.Instruction
	loc   hb.Loc
}

// reads returns the goroutine's own loads (not in nested literals or
// callees, as for writes) of memory fn shares with it: captured variables,
// their fields, fields through a pointer fn passed or captured. Elements
// and whole pointees are left out, as for writes.
func (pc *passCtx) reads(fn *ssa.Function, sp hb.Spawn) []read {
	var out []read
	for _, b := range sp.Fn.Blocks {
		for _, ins := range b.Instrs {
			ld, ok := ins.(*ssa.UnOp)
			if !ok || ld.Op != token.MUL || !ld.Pos().IsValid() {
				continue
			}
			l, ok := hb.Translate(ld.X, sp.Env)
			if !ok || strings.Contains(l.Path, "[]/") {
				continue
			}
			cell, ok := captured(fn, l.Root)
			if !ok || (!cell && l.Path == "") {
				continue
			}
			if a, isAlloc := l.Root.(*ssa.Alloc); isAlloc {
				if _, old := pc.loopVars[a.Pos()]; old {
					continue // a pre-1.22 loop variable: rule C
				}
			}
			out = append(out, read{instr: ld, loc: l})
		}
	}
	return out
}

// checkLateWrites is rule A the other way round: the spawner fn writes,
// after starting the goroutine, memory the goroutine reads (a constructor
// that starts a loop and then sets the interval the loop reads), and
// nothing orders the two.
func (pc *passCtx) checkLateWrites(fn *ssa.Function, sp hb.Spawn, s, g hb.Thread) {
	rs := pc.reads(fn, sp)
	if len(rs) == 0 {
		return
	}
	reported := make(map[hb.Loc]bool)
	fwds := make(map[ssa.Instruction]map[ssa.Instruction]bool)
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			st, ok := ins.(*ssa.Store)
			if !ok || !st.Pos().IsValid() {
				continue
			}
			l := hb.LocOf(st.Addr)
			for _, r := range rs {
				if !conflict(l, r.loc) || !samePath(l, r.loc) || reported[hb.Loc{Root: r.loc.Root, Path: r.loc.Path}] {
					continue
				}
				// Past the variable's own allocation, in a loop, the name
				// denotes a fresh variable.
				var barrier ssa.Instruction
				if a, ok := r.loc.Root.(*ssa.Alloc); ok {
					barrier = a
				}
				fwd, ok := fwds[barrier]
				if !ok {
					fwd = reachFwd(sp.Instr, barrier)
					fwds[barrier] = fwd
				}
				if !fwd[st] || !pc.unordered(s, g, r.instr, st) || sleepsBetween(st, fwd) {
					continue
				}
				if pc.hb.Locked(r.instr) {
					// The goroutine reads under a lock; the spawner may
					// hold it too, taken by its callers ("lock held on
					// entry"), which the model does not see here.
					continue
				}
				if pc.hiddenRelease(s, g, r.instr, st) {
					continue
				}
				if !pc.hb.Follows(sp.Instr, st) {
					// A later iteration's write: the spawner may wait on
					// every iteration for the goroutine (a retry loop that
					// receives its result before the next attempt).
					if ok, _ := pc.hb.Serialized(s, sp.Instr, g, r.instr, sp.Slot); ok {
						continue
					}
				}
				reported[hb.Loc{Root: r.loc.Root, Path: r.loc.Path}] = true
				name := l.Name
				if strings.HasPrefix(name, "a value") {
					name = pc.exprAt(st.Pos(), name)
				}
				fset := pc.pass.Fset
				pc.diags = append(pc.diags, analysis.Diagnostic{
					Pos:      st.Pos(),
					Category: catSpawner,
					Message: fmt.Sprintf("%s is written here while the goroutine started at line %d may be reading it (line %d): data race; set it before starting the goroutine, or synchronize",
						name, fset.Position(sp.Instr.Pos()).Line, fset.Position(r.instr.Pos()).Line),
					Related: related(
						analysis.RelatedInformation{Pos: r.instr.Pos(), Message: "read by the goroutine here"},
						analysis.RelatedInformation{Pos: sp.Instr.Pos(), Message: "goroutine started here"},
					),
				})
				break
			}
		}
	}
}

// hiddenRelease reports whether the goroutine, after its read x, calls
// code the model cannot see (where it may signal) while the spawner waits
// for something between the go statement and its write y: the test that
// waits until a server has seen the goroutine's request before it
// reassigns what the request was made with. The pair is taken as ordered.
func (pc *passCtx) hiddenRelease(s, g hb.Thread, x, y ssa.Instruction) bool {
	if len(pc.hb.Before(s, y)) == 0 {
		return false
	}
	for _, e := range pc.hb.Events(g) {
		if e.Kind == hb.Unknown && (e.Deferred || pc.hb.Follows(x, e.Instr)) {
			return true
		}
	}
	return false
}

// samePath reports whether a store at l writes the memory read at r
// itself or a part of it (not a struct containing it, copied whole: that
// is the variable's initialisation or a reset, reported at the field).
func samePath(l, r hb.Loc) bool {
	return strings.HasPrefix(l.Path, r.Path)
}

// onCycle reports whether v (a value of fn) is defined on the loop cycle
// through spawn: a fresh value per iteration.
func onCycle(v ssa.Value, fwd, bwd map[ssa.Instruction]bool) bool {
	ins, ok := v.(ssa.Instruction)
	if !ok {
		return false // a parameter, free variable, global or constant
	}
	return fwd[ins] && bwd[ins]
}

// checkLoop is rule B: the go statement is on a cycle of fn, the written
// memory is the same for every iteration (its root is defined outside the
// cycle), and no two goroutines are ordered: no lock held at the write,
// no exclusion among the goroutines (a capacity-one semaphore, a token
// ring), and the spawner does not wait on each iteration for what the
// goroutine releases after the write.
func (pc *passCtx) checkLoop(sp hb.Spawn, s, g hb.Thread, ws []write) {
	fwd := reachFwd(sp.Instr, nil)
	if !fwd[sp.Instr] || !sp.Instr.Pos().IsValid() {
		return // not in a loop
	}
	bwd := reachBack(sp.Instr, nil)
	for _, w := range ws {
		if onCycle(w.loc.Root, fwd, bwd) {
			continue // declared inside the loop: one variable per iteration
		}
		if pc.hb.Locked(w.instr) {
			continue // written under a lock
		}
		ok, why := pc.hb.Exclusive(g, w.instr)
		if ok {
			continue // the goroutines take turns
		}
		ok, why2 := pc.hb.Serialized(s, sp.Instr, g, w.instr, sp.Slot)
		if ok {
			continue // the spawner waits for each goroutine
		}
		if why.CapBound == nil {
			why = why2
		}
		bound := ""
		if cb := why.CapBound; cb != nil {
			name := cb.Obj.Name
			if strings.HasPrefix(name, "a value") {
				name = pc.operand(cb.Instr.Pos())
			}
			what := "the semaphore " + name
			if cb.Kind == hb.GroupSlot {
				what = "the group " + name
			}
			n := "several"
			if cb.Cap > 1 {
				n = fmt.Sprint(cb.Cap)
			}
			bound = fmt.Sprintf("; %s admits %s goroutines at once", what, n)
		}
		name := w.loc.Name
		msg := fmt.Sprintf("%s is written by every goroutine started in this loop without synchronization: data race%s; use a mutex or sync/atomic", name, bound)
		if w.kind == wMap {
			msg = fmt.Sprintf("map %s is updated by every goroutine started in this loop without synchronization: concurrent map writes crash the program%s; use a mutex", name, bound)
		}
		pc.diags = append(pc.diags, analysis.Diagnostic{
			Pos:      w.instr.Pos(),
			Category: catLoop,
			Message:  msg,
			Related: related(
				analysis.RelatedInformation{Pos: sp.Instr.Pos(), Message: "goroutine started here, in a loop"},
			),
		})
		return // one report per goroutine
	}
}

// checkLoopVars is rule C: in a file before Go 1.22, a loop variable is
// one variable that the loop advances on every iteration; a goroutine of
// the loop that reads it races with the advance unless the spawner waits
// for it within the iteration.
func (pc *passCtx) checkLoopVars(sp hb.Spawn, s, g hb.Thread) {
	fwd := reachFwd(sp.Instr, nil)
	if !fwd[sp.Instr] {
		return // not in a loop
	}
	bwd := reachBack(sp.Instr, nil)
	for i, bnd := range sp.Lit.Bindings {
		a, ok := bnd.(*ssa.Alloc)
		if !ok || i >= len(sp.Fn.FreeVars) {
			continue
		}
		version, isLoopVar := pc.loopVars[a.Pos()]
		if !isLoopVar {
			continue
		}
		// The loop's advance: a store to the variable on the cycle.
		var advance ssa.Instruction
		for _, r := range refsOf(a) {
			if st, ok := r.(*ssa.Store); ok && st.Addr == a && fwd[st] && bwd[st] {
				advance = st
				break
			}
		}
		if advance == nil {
			continue
		}
		var read ssa.Instruction
		for _, r := range refsOf(sp.Fn.FreeVars[i]) {
			if u, ok := r.(*ssa.UnOp); ok && u.Op == token.MUL && u.Pos().IsValid() {
				read = u
				break
			}
		}
		if read == nil {
			continue // the goroutine does not read it
		}
		if ok, _ := pc.hb.Serialized(s, sp.Instr, g, read, sp.Slot); ok {
			continue // the iteration waits for its goroutine
		}
		pc.diags = append(pc.diags, analysis.Diagnostic{
			Pos:      read.Pos(),
			Category: catLoopVar,
			Message: fmt.Sprintf("loop variable %s is shared by every iteration (the file's Go version is %s): the goroutine started at line %d reads it while the loop advances it; copy it (%s := %s) or pass it as an argument",
				a.Comment, version, pc.pass.Fset.Position(sp.Instr.Pos()).Line, a.Comment, a.Comment),
			Related: related(
				analysis.RelatedInformation{Pos: sp.Instr.Pos(), Message: "goroutine started here, in the loop"},
				analysis.RelatedInformation{Pos: a.Pos(), Message: "loop variable declared here"},
			),
		})
	}
}

// sleepsBetween reports whether a time.Sleep lies on a path from the
// spawn to y (fwd: what the spawn reaches).
func sleepsBetween(y ssa.Instruction, fwd map[ssa.Instruction]bool) bool {
	for ins := range reachBack(y, nil) {
		if c, ok := ins.(*ssa.Call); ok && fwd[ins] {
			if op, _ := syncapi.CallOp(&c.Call); op == syncapi.Sleep {
				return true
			}
		}
	}
	return false
}

// operand returns the source of the object a call (by its Lparen), a send
// or a receive (by its arrow) operates on, or "it".
func (pc *passCtx) operand(pos token.Pos) string {
	return pc.exprAt(pos, "it")
}

// exprAt returns the source named at pos, or def: the operand of a call
// (at its Lparen), a send or a receive (at the arrow), or a selector
// expression (at the selected name, where the store of p.f = x is).
func (pc *passCtx) exprAt(pos token.Pos, def string) string {
	if pc.exprs == nil {
		pc.exprs = make(map[token.Pos]string)
		for _, f := range pc.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
						pc.exprs[n.Lparen] = types.ExprString(sel.X)
					}
				case *ast.SendStmt:
					pc.exprs[n.Arrow] = types.ExprString(n.Chan)
				case *ast.UnaryExpr:
					if n.Op == token.ARROW {
						pc.exprs[n.OpPos] = types.ExprString(n.X)
					}
				case *ast.SelectorExpr:
					pc.exprs[n.Sel.Pos()] = types.ExprString(n)
				}
				return true
			})
		}
	}
	if s, ok := pc.exprs[pos]; ok {
		return s
	}
	return def
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
