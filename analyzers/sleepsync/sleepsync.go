package sleepsync

import (
	_ "embed"
	"fmt"
	"github.com/conclint/conclint/internal/ssacfg"
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
	"github.com/conclint/conclint/internal/suppress"
	"github.com/conclint/conclint/internal/syncapi"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "sleepsync",
	Doc:      analyzerdoc.MustExtract(doc, "sleepsync"),
	URL:      analyzerdoc.URL("sleepsync"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer, hb.Analyzer},
	Run:      suppress.Run(run),
}

func init() {
	Analyzer.Flags.Bool("calls", false, "also count a call that receives the object the goroutine writes (srv.Addr(), check(&x)) as a read of what it wrote; off by default: the callee may synchronize, and atomics probes use this shape")
}

// flagBool reads a boolean flag of a (the running analyzer, which may be a
// clone made by a driver).
func flagBool(a *analysis.Analyzer, name string) bool {
	if a == nil {
		return false
	}
	f := a.Flags.Lookup(name)
	return f != nil && f.Value.String() == "true"
}

// catSleepWait is the category of every report.
const catSleepWait = "sleep-as-sync"

// Budget: functions larger than maxBlocks are skipped. The goroutines'
// effects and the search for synchronization inside callees are bounded
// by internal/hb.
const maxBlocks = 2000

type passCtx struct {
	pass *analysis.Pass
	hb   *hb.Model
	// rootCalls: a call receiving the goroutine's written object itself
	// (srv.Addr(), check(&x)) counts as a read (flag -calls).
	rootCalls bool
	calls     map[token.Pos]ast.Node // lazily built: Lparen -> call syntax
	names     map[token.Pos][]string // lazily built: Lparen of a call (Lbrace of a literal) -> the variables assigned
	diags     []analysis.Diagnostic
}

func run(pass *analysis.Pass) (any, error) {
	// Early exit: without the time package there is no time.Sleep.
	importsTime := false
	for _, imp := range pass.Pkg.Imports() {
		if imp.Path() == "time" {
			importsTime = true
		}
	}
	if !importsTime {
		return nil, nil
	}
	ssainfo, ok := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	if !ok || ssainfo == nil {
		return nil, nil
	}
	model, _ := pass.ResultOf[hb.Analyzer].(*hb.Model)
	model = model.Fork() // its caches are not shared with other consumers
	if model == nil {
		return nil, nil
	}
	pc := &passCtx{pass: pass, hb: model, rootCalls: flagBool(pass.Analyzer, "calls")}
	for _, fn := range ssainfo.SrcFuncs {
		if fn == nil || len(fn.Blocks) == 0 || len(fn.Blocks) > maxBlocks {
			continue // not built, or over budget
		}
		pc.checkFunc(fn)
	}
	sort.SliceStable(pc.diags, func(i, j int) bool { return pc.diags[i].Pos < pc.diags[j].Pos })
	for _, d := range pc.diags {
		pass.Report(d)
	}
	return nil, nil
}

// A write is a location the goroutine writes, in the spawner's frame.
type write = hb.Write

// A spawn is a goroutine start in the function being checked, with what
// the goroutine does that the spawner can see.
type spawn struct {
	sp  hb.Spawn
	eff *hb.Effects
}

func (pc *passCtx) checkFunc(fn *ssa.Function) {
	var sleeps []*ssa.Call
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			if c, ok := ins.(*ssa.Call); ok {
				if op, _ := syncapi.CallOp(&c.Call); op == syncapi.Sleep {
					sleeps = append(sleeps, c)
				}
			}
		}
	}
	if len(sleeps) == 0 {
		return // no sleep
	}
	sps := pc.hb.Spawns(fn)
	if len(sps) == 0 {
		return // no goroutine
	}
	if inBubble(fn) {
		return // a synctest bubble: time is fake and sleeping is deterministic
	}
	var spawns []spawn
	for _, sp := range sps {
		eff := pc.hb.Effects(sp)
		pc.hb.Supplied(fn, sp, eff) // a fake's methods, the test's callbacks
		spawns = append(spawns, spawn{sp, eff})
	}
	for _, s := range sleeps {
		if loops(s.Block()) {
			continue // a sleep in a loop: polling, or pacing
		}
		pc.checkSleep(fn, s, spawns)
	}
}

func (pc *passCtx) checkSleep(fn *ssa.Function, s *ssa.Call, spawns []spawn) {
	self := hb.Thread{Fn: fn, Strict: true}
	for _, sp := range spawns {
		if sp.sp.Instr != s && !ssacfg.MayFollow(sp.sp.Instr, s) {
			continue // not started before the sleep
		}
		if len(sp.eff.Writes) == 0 {
			continue // the goroutine writes nothing the spawner can see
		}
		if pc.hb.WaitsBetween(self, sp.sp.Instr, s, sp.eff.Releases) {
			continue // synchronized before the sleep
		}
		if r, w, ok := pc.readAfter(fn, s, sp.eff.Writes, sp.eff.Releases); ok {
			goStart := sp.sp.Instr.Pos()
			start, end := pc.callRange(s)
			if !start.IsValid() {
				return // no position to report at
			}
			by := ""
			if sp.sp.Kind == hb.ViaCall {
				by = " by " + pc.callee(sp.sp.Instr)
			}
			pc.diags = append(pc.diags, analysis.Diagnostic{
				Pos:      start,
				End:      end,
				Category: catSleepWait,
				Message: fmt.Sprintf("time.Sleep used to wait for a goroutine: %s, written by the goroutine started%s at line %d, is read at line %d without waiting for it (only the sleep lets it finish)",
					pc.describe(r, w), by, pc.pass.Fset.Position(goStart).Line, pc.pass.Fset.Position(r.Pos()).Line),
				Related: validRelated(
					analysis.RelatedInformation{Pos: goStart, Message: "goroutine started here"},
					analysis.RelatedInformation{Pos: w.Pos, Message: "written by the goroutine here"},
					analysis.RelatedInformation{Pos: r.Pos(), Message: "read here"},
				),
			})
			return
		}
	}
}

// callee names the function a call instruction calls, from the syntax
// (s.StartAsync), or "a call".
func (pc *passCtx) callee(ins ssa.Instruction) string {
	pc.callRange(nil) // build the syntax index
	if c, ok := pc.calls[ins.Pos()].(*ast.CallExpr); ok {
		if s := types.ExprString(c.Fun); len(s) <= 40 {
			return s
		}
	}
	return "a call"
}

// callRange returns the range of the call expression of s.
func (pc *passCtx) callRange(s *ssa.Call) (token.Pos, token.Pos) {
	if pc.calls == nil {
		pc.calls = make(map[token.Pos]ast.Node)
		for _, f := range pc.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					pc.calls[n.Lparen] = n
				case *ast.SelectorExpr:
					pc.calls[n.Sel.Pos()] = n
				case *ast.IndexExpr:
					pc.calls[n.Lbrack] = n
				}
				return true
			})
		}
	}
	if s == nil {
		return token.NoPos, token.NoPos
	}
	if n := pc.calls[s.Pos()]; n != nil {
		return n.Pos(), n.End()
	}
	return s.Pos(), token.NoPos
}

// describe names the memory that read r reads, from the syntax when it can.
func (pc *passCtx) describe(r ssa.Instruction, w write) string {
	pc.callRange(nil) // build the syntax index
	var pos token.Pos
	switch r := r.(type) {
	case *ssa.UnOp:
		switch x := r.X.(type) {
		case *ssa.FieldAddr:
			pos = x.Pos()
		case *ssa.IndexAddr:
			pos = x.Pos()
		}
	case *ssa.Lookup:
		pos = r.Pos()
	}
	if n, ok := pc.calls[pos].(ast.Expr); ok && pos.IsValid() {
		if s := types.ExprString(n); len(s) <= 40 {
			return s
		}
	}
	if root := hb.RootName(w.Loc.Root); root == "a value" {
		if name := pc.valueName(w.Loc.Root); name != "" {
			return name + strings.TrimPrefix(w.Loc.Name, root)
		}
	}
	return w.Loc.Name
}

// valueName names a value without a variable of its own in SSA (a call's
// result, an element of a call's results, a composite literal) by the
// identifier the source assigns it to: d in d := NewDebouncer(...).
func (pc *passCtx) valueName(v ssa.Value) string {
	if pc.names == nil {
		pc.names = make(map[token.Pos][]string)
		add := func(lhs []ast.Expr, rhs ast.Expr) {
			var names []string
			for _, l := range lhs {
				id, ok := l.(*ast.Ident)
				if !ok {
					return
				}
				names = append(names, id.Name)
			}
			switch r := ast.Unparen(rhs).(type) {
			case *ast.CallExpr:
				pc.names[r.Lparen] = names
			case *ast.UnaryExpr:
				if cl, ok := ast.Unparen(r.X).(*ast.CompositeLit); ok {
					pc.names[cl.Lbrace] = names
				}
				pc.names[r.OpPos] = names
			case *ast.CompositeLit:
				pc.names[r.Lbrace] = names
			}
		}
		for _, f := range pc.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					if len(n.Rhs) == 1 {
						add(n.Lhs, n.Rhs[0])
					}
				case *ast.ValueSpec:
					if len(n.Values) == 1 {
						var lhs []ast.Expr
						for _, id := range n.Names {
							lhs = append(lhs, id)
						}
						add(lhs, n.Values[0])
					}
				}
				return true
			})
		}
	}
	idx := 0
	if ex, ok := v.(*ssa.Extract); ok {
		v, idx = ex.Tuple, ex.Index
	}
	if names := pc.names[v.Pos()]; v.Pos().IsValid() && idx < len(names) && names[idx] != "_" {
		return names[idx]
	}
	return ""
}

// readAfter finds the first instruction after s, on a path without
// synchronization, that reads one of ws.
func (pc *passCtx) readAfter(fn *ssa.Function, s *ssa.Call, ws []write, rels []hb.Event) (ssa.Instruction, write, bool) {
	self := hb.Thread{Fn: fn, Strict: true}
	type cand struct {
		ins ssa.Instruction
		w   write
	}
	var cands []cand
	for _, b := range fn.Blocks {
		if !s.Block().Dominates(b) {
			continue // not after the sleep on every path
		}
		for _, ins := range b.Instrs {
			if b == s.Block() && !ssacfg.Before(s, ins) {
				continue
			}
			for _, w := range ws {
				if pc.reads(ins, w.Loc) {
					cands = append(cands, cand{ins, w})
					break
				}
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].ins.Pos() < cands[j].ins.Pos() })
	// Rule A (absence.go): reads that check the goroutine has not yet
	// changed the memory, and reads on those checks' failure branches, do
	// not depend on the sleep.
	fails := make(map[*ssa.BasicBlock]bool)
	absent := make(map[ssa.Instruction]bool)
	for _, c := range cands {
		if region, ok := pc.absenceCheck(fn, c.ins); ok {
			absent[c.ins] = true
			for b := range region {
				fails[b] = true
			}
		}
	}
	for _, c := range cands {
		if !c.ins.Pos().IsValid() {
			continue // no position to show
		}
		if absent[c.ins] || fails[c.ins.Block()] {
			continue // an absence check, or its failure branch
		}
		if !pc.hb.WaitsBetween(self, s, c.ins, rels) {
			return c.ins, c.w, true
		}
	}
	return nil, write{}, false
}

// prefix reports whether path p is a segment prefix of q.
func prefix(p, q string) bool { return strings.HasPrefix(q, p) }

// reads reports whether ins reads location w.
func (pc *passCtx) reads(ins ssa.Instruction, w hb.Loc) bool {
	switch ins := ins.(type) {
	case *ssa.UnOp:
		if ins.Op != token.MUL {
			return false
		}
		r := hb.LocOf(ins.X)
		if r.Root != w.Root {
			return false
		}
		if prefix(w.Path, r.Path) {
			return true // the loaded memory lies inside the written memory
		}
		// A copy of a whole struct or array includes the written part.
		switch ins.Type().Underlying().(type) {
		case *types.Struct, *types.Array:
			return prefix(r.Path, w.Path)
		}
	case *ssa.Lookup:
		r := hb.LocOf(ins.X)
		r.Path += "[]/"
		return r.Root == w.Root && (prefix(w.Path, r.Path) || prefix(r.Path, w.Path))
	case *ssa.Range:
		r := hb.LocOf(ins.X)
		r.Path += "[]/"
		return r.Root == w.Root && (prefix(w.Path, r.Path) || prefix(r.Path, w.Path))
	case *ssa.Call:
		if b, ok := ins.Call.Value.(*ssa.Builtin); ok {
			switch b.Name() {
			case "len", "cap":
				return false // the header, not what the goroutine wrote into it
			}
		}
		// A value loaded from memory that contains the write, passed on:
		// the callee reads it. Pointers to the root itself (&x, srv) are
		// not counted: see the package doc.
		args := ins.Call.Args
		if ins.Call.IsInvoke() {
			args = append([]ssa.Value{ins.Call.Value}, args...)
		}
		for _, a := range args {
			// A pointer (or interface) handed on is a handle to the
			// object, not its data: the callee's reads are known through
			// readsOf below, or counted with -calls.
			handle := false
			switch a.Type().Underlying().(type) {
			case *types.Pointer, *types.Interface:
				handle = true
			}
			r := hb.LocOf(a)
			if r.Root == w.Root && ((r.Path != "" && !handle) || pc.rootCalls) && prefix(r.Path, w.Path) {
				return true
			}
		}
		call := &ins.Call
		if op, recv := syncapi.CallOp(call); op == syncapi.AtomicRead {
			if recv == nil && len(call.Args) > 0 {
				recv = call.Args[0]
			}
			if recv != nil {
				r := hb.LocOf(recv)
				return r.Root == w.Root && prefix(w.Path, r.Path)
			}
			return false
		}
		// A package function reading the written memory through its
		// parameters.
		callee, ok := call.Value.(*ssa.Function)
		if !ok || call.IsInvoke() {
			return false
		}
		for _, r := range pc.hb.ParamReads(callee) {
			for i := range call.Args {
				if i != r.Param {
					continue // another parameter
				}
				l := hb.LocOf(call.Args[i])
				l.Path += r.Path
				if l.Root == w.Root && (prefix(w.Path, l.Path) || prefix(l.Path, w.Path)) {
					// Rule B (syncupdate.go): an update of a
					// self-synchronizing object, not an observation.
					return !pc.syncUpdates(call, callee, w)
				}
			}
		}
	}
	return false
}

// loops reports whether b is on a cycle (it can reach itself).
func loops(b *ssa.BasicBlock) bool {
	for _, s := range b.Succs {
		if ssacfg.Reach(ssacfg.Succs, s)[b] {
			return true
		}
	}
	return false
}

// inBubble reports whether fn is, or is nested in, a function literal
// passed to synctest.Test (or internal/synctest.Run).
func inBubble(fn *ssa.Function) bool {
	for f := fn; f.Parent() != nil; f = f.Parent() {
		for _, b := range f.Parent().Blocks {
			for _, ins := range b.Instrs {
				call, ok := ins.(*ssa.Call)
				if !ok {
					continue // not a call
				}
				if op, _ := syncapi.CallOp(&call.Call); op != syncapi.SynctestRun {
					continue // not a bubble
				}
				for _, a := range call.Call.Args {
					// A literal without free variables is a plain function.
					if mc, ok := a.(*ssa.MakeClosure); ok && mc.Fn == f || a == f {
						return true
					}
				}
			}
		}
	}
	return false
}

// validRelated drops related sites without a position.
func validRelated(rs ...analysis.RelatedInformation) []analysis.RelatedInformation {
	var out []analysis.RelatedInformation
	for _, r := range rs {
		if r.Pos.IsValid() {
			out = append(out, r)
		}
	}
	return out
}

// lockedAt reports whether some lock is held on every path to ins, as the
// lock engine computes it.
func (pc *passCtx) lockedAt(ins ssa.Instruction) bool { return pc.hb.Locked(ins) }
