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
	"github.com/conclint/conclint/internal/lockset"
	"github.com/conclint/conclint/internal/suppress"
	"github.com/conclint/conclint/internal/syncapi"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "sleepsync",
	Doc:      analyzerdoc.MustExtract(doc, "sleepsync"),
	URL:      analyzerdoc.URL("sleepsync"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer, lockset.Analyzer},
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

// Budgets: functions larger than maxBlocks are skipped; the search for
// synchronization inside callees stops at maxCallDepth.
const (
	maxBlocks    = 2000
	maxCallDepth = 3
	// maxWriteInstrs bounds the instructions visited to find what one
	// goroutine writes; past it the writes found so far are used.
	maxWriteInstrs = 20000
)

type passCtx struct {
	pass *analysis.Pass
	// rootCalls: a call receiving the goroutine's written object itself
	// (srv.Addr(), check(&x)) counts as a read (flag -calls).
	rootCalls bool
	calls     map[token.Pos]ast.Node // lazily built: Lparen -> call syntax
	syncCache map[*ssa.Function]bool
	readCache map[*ssa.Function][]loc
	locks     *lockset.Result // the lock engine: which locks are held where
	// budget counts down the instructions writes may still visit for one
	// goroutine (Inv: reset per spawn).
	budget int
	diags  []analysis.Diagnostic
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
	pc := &passCtx{pass: pass, syncCache: make(map[*ssa.Function]bool), readCache: make(map[*ssa.Function][]loc), locks: pass.ResultOf[lockset.Analyzer].(*lockset.Result), rootCalls: flagBool(pass.Analyzer, "calls")}
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

// A loc is a memory location: a root value and a path of segments, each
// terminated by "/": ".N/" (field N), "[]/" (some element), "*/" (the
// pointee). The empty path is the root's own variable when the root is an
// address (an Alloc), or the root value itself.
type loc struct {
	root   ssa.Value
	path   string
	pretty string
}

// locOf resolves an address or value to its root and path.
func locOf(v ssa.Value) loc {
	path, pretty := "", ""
	for i := 0; i < 32; i++ {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.Slice:
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op == token.MUL {
				path = "*/" + path
				v = x.X
				continue
			}
		case *ssa.FieldAddr:
			path = fmt.Sprintf(".%d/", x.Field) + path
			pretty = "." + fieldName(x.X.Type(), x.Field) + pretty
			v = x.X
			continue
		case *ssa.Field:
			path = fmt.Sprintf(".%d/", x.Field) + path
			pretty = "." + fieldName(x.X.Type(), x.Field) + pretty
			v = x.X
			continue
		case *ssa.IndexAddr:
			path = "[]/" + path
			pretty = "[…]" + pretty
			v = x.X
			continue
		case *ssa.Index:
			path = "[]/" + path
			pretty = "[…]" + pretty
			v = x.X
			continue
		}
		break
	}
	return loc{root: v, path: path, pretty: rootName(v) + pretty}
}

func fieldName(t types.Type, i int) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if s, ok := t.Underlying().(*types.Struct); ok && i < s.NumFields() {
		return s.Field(i).Name()
	}
	return "?"
}

func rootName(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.Alloc:
		if v.Comment != "" && v.Comment != "complit" && v.Comment != "varargs" && v.Comment != "slicelit" {
			return v.Comment
		}
	case *ssa.Parameter, *ssa.FreeVar, *ssa.Global:
		return v.Name()
	}
	return "a value"
}

// A write is a location the goroutine writes, expressed in the spawner.
type write struct {
	loc loc
	pos token.Pos
	// synced: the write is atomic, or made while a lock is held (in the
	// writing function or by its callers down the traversal).
	synced bool
}

// A spawn is a goroutine start in the function being checked.
type spawn struct {
	instr ssa.Instruction
	fn    *ssa.Function
	env   map[ssa.Value]loc // goroutine's free vars and params -> spawner locations
}

func (pc *passCtx) checkFunc(fn *ssa.Function) {
	var sleeps []*ssa.Call
	var spawns []spawn
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			switch ins := ins.(type) {
			case *ssa.Call:
				switch op, _ := syncapi.CallOp(&ins.Call); op {
				case syncapi.Sleep:
					sleeps = append(sleeps, ins)
				case syncapi.WGGo, syncapi.ErrgroupGo, syncapi.ErrgroupTryGo:
					if n := len(ins.Call.Args); n >= 2 {
						if s, ok := spawnOf(ins, ins.Call.Args[n-1], nil); ok {
							spawns = append(spawns, s)
						}
					}
				}
			case *ssa.Go:
				if s, ok := spawnOf(ins, ins.Call.Value, ins.Call.Args); ok {
					spawns = append(spawns, s)
				}
			}
		}
	}
	if len(sleeps) == 0 || len(spawns) == 0 {
		return // no goroutine, or no sleep
	}
	if inBubble(fn) {
		return // a synctest bubble: time is fake and sleeping is deterministic
	}
	for _, s := range sleeps {
		if loops(s.Block()) {
			continue // a sleep in a loop: polling, or pacing
		}
		pc.checkSleep(fn, s, spawns)
	}
}

// spawnOf describes a goroutine running f with args, when f is a function
// of this package (a closure or a declared function).
func spawnOf(instr ssa.Instruction, f ssa.Value, args []ssa.Value) (spawn, bool) {
	env := make(map[ssa.Value]loc)
	var callee *ssa.Function
	switch f := f.(type) {
	case *ssa.MakeClosure:
		callee, _ = f.Fn.(*ssa.Function)
		if callee == nil {
			return spawn{}, false
		}
		for i, b := range f.Bindings {
			if i < len(callee.FreeVars) {
				env[callee.FreeVars[i]] = locOf(b)
			}
		}
	case *ssa.Function:
		callee = f
	default:
		return spawn{}, false // a function value or interface method: unknown body
	}
	if len(callee.Blocks) == 0 || callee.Pkg != instr.Parent().Pkg {
		return spawn{}, false // body not in this package
	}
	for i, a := range args {
		if i < len(callee.Params) {
			env[callee.Params[i]] = locOf(a)
		}
	}
	return spawn{instr: instr, fn: callee, env: env}, true
}

// translate expresses v, a value of a goroutine function, in the
// spawner's terms through env (the function's free variables and
// parameters bound to spawner locations).
func translate(v ssa.Value, env map[ssa.Value]loc) (loc, bool) {
	l := locOf(v)
	base, ok := env[l.root]
	if !ok {
		return loc{}, false
	}
	return loc{root: base.root, path: base.path + l.path, pretty: base.pretty + strings.TrimPrefix(l.pretty, rootName(l.root))}, true
}

// writes returns the locations, in the spawner's terms, that the body of
// fn writes through the values of env: stores, map updates and deletes,
// atomic writes, in closures it creates and in package functions it calls.
// held says a lock is held where fn is called (it marks the writes synced).
func (pc *passCtx) writes(fn *ssa.Function, env map[ssa.Value]loc, depth int, held bool, out *[]write) {
	if depth > maxCallDepth || len(fn.Blocks) == 0 || pc.budget <= 0 {
		return
	}
	for _, b := range fn.Blocks {
		pc.budget -= len(b.Instrs)
	}
	add := func(v ssa.Value, suffix string, ins ssa.Instruction, atomic bool) {
		if l, ok := translate(v, env); ok {
			l.path += suffix
			pos := ins.Pos()
			if !pos.IsValid() && len(*out) > 0 {
				pos = (*out)[len(*out)-1].pos
			}
			*out = append(*out, write{loc: l, pos: pos, synced: atomic || held || pc.lockedAt(ins)})
		}
	}
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			switch ins := ins.(type) {
			case *ssa.Store:
				add(ins.Addr, "", ins, false)
			case *ssa.MapUpdate:
				add(ins.Map, "[]/", ins, false)
			case *ssa.MakeClosure:
				inner, ok := ins.Fn.(*ssa.Function)
				if !ok {
					continue // not a function literal
				}
				env2 := make(map[ssa.Value]loc)
				for i, bnd := range ins.Bindings {
					if i >= len(inner.FreeVars) {
						continue
					}
					if l, ok := translate(bnd, env); ok {
						env2[inner.FreeVars[i]] = l
					}
				}
				if len(env2) > 0 {
					pc.writes(inner, env2, depth+1, false, out)
				}
			case *ssa.Call:
				call := &ins.Call
				if syncapi.IsBuiltin(call, "delete") && len(call.Args) > 0 {
					add(call.Args[0], "[]/", ins, false)
					continue
				}
				switch op, recv := syncapi.CallOp(call); op {
				case syncapi.AtomicWrite:
					if recv == nil && len(call.Args) > 0 {
						recv = call.Args[0]
					}
					if recv != nil {
						add(recv, "", ins, true)
					}
					continue
				case syncapi.None:
				default:
					continue // other table entries write nothing we read
				}
				callee, ok := call.Value.(*ssa.Function)
				if !ok || call.IsInvoke() || callee.Pkg != fn.Pkg {
					continue // unknown or another package's body
				}
				env2 := make(map[ssa.Value]loc)
				for i, a := range call.Args {
					if i < len(callee.Params) {
						if l, ok := translate(a, env); ok {
							env2[callee.Params[i]] = l
						}
					}
				}
				if len(env2) > 0 {
					n := len(*out)
					pc.writes(callee, env2, depth+1, held || pc.lockedAt(ins), out)
					for i := n; i < len(*out); i++ {
						(*out)[i].pos = ins.Pos() // show the call in the goroutine
					}
				}
			}
		}
	}
}

// readsOf returns the memory fn (a package function) reads through its
// parameters, as locations rooted at its parameters: loads, map lookups
// and ranges, atomic loads, and the same in package functions it calls.
func (pc *passCtx) readsOf(fn *ssa.Function, depth int) []loc {
	if r, ok := pc.readCache[fn]; ok {
		return r
	}
	if depth > maxCallDepth || len(fn.Blocks) == 0 {
		return nil
	}
	pc.readCache[fn] = nil // recursion: nothing more
	var out []loc
	param := func(l loc) bool {
		p, ok := l.root.(*ssa.Parameter)
		return ok && p.Parent() == fn
	}
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			switch ins := ins.(type) {
			case *ssa.UnOp:
				if ins.Op == token.MUL {
					if l := locOf(ins.X); param(l) {
						out = append(out, l)
					}
				}
			case *ssa.Lookup:
				if l := locOf(ins.X); param(l) {
					l.path += "[]/"
					out = append(out, l)
				}
			case *ssa.Range:
				if l := locOf(ins.X); param(l) {
					l.path += "[]/"
					out = append(out, l)
				}
			case *ssa.Call:
				call := &ins.Call
				if op, recv := syncapi.CallOp(call); op == syncapi.AtomicRead {
					if recv == nil && len(call.Args) > 0 {
						recv = call.Args[0]
					}
					if l := locOf(recv); recv != nil && param(l) {
						out = append(out, l)
					}
					continue
				}
				callee, ok := call.Value.(*ssa.Function)
				if !ok || call.IsInvoke() || callee.Pkg != fn.Pkg {
					continue // unknown or another package's body
				}
				for _, r := range pc.readsOf(callee, depth+1) {
					idx := -1
					for i, p := range callee.Params {
						if p == r.root {
							idx = i
						}
					}
					if idx < 0 || idx >= len(call.Args) {
						continue
					}
					if l := locOf(call.Args[idx]); param(l) {
						out = append(out, loc{root: l.root, path: l.path + r.path})
					}
				}
			}
		}
	}
	if len(out) > 64 {
		out = out[:64] // budget
	}
	pc.readCache[fn] = out
	return out
}

func (pc *passCtx) checkSleep(fn *ssa.Function, s *ssa.Call, spawns []spawn) {
	for _, sp := range spawns {
		if !ssacfg.MayFollow(sp.instr, s) {
			continue // not started before the sleep
		}
		if pc.syncBetween(sp.instr, s) {
			continue // synchronized before the sleep
		}
		var ws []write
		pc.budget = maxWriteInstrs
		pc.writes(sp.fn, sp.env, 0, false, &ws)
		pc.handlerWrites(fn, sp, &ws)
		if len(ws) == 0 {
			continue // the goroutine writes nothing the spawner can see
		}
		if r, w, ok := pc.readAfter(fn, s, ws); ok {
			goStart := sp.instr.Pos()
			start, end := pc.callRange(s)
			if !start.IsValid() {
				return // no position to report at
			}
			pc.diags = append(pc.diags, analysis.Diagnostic{
				Pos:      start,
				End:      end,
				Category: catSleepWait,
				Message: fmt.Sprintf("time.Sleep used to wait for a goroutine: %s, written by the goroutine started at line %d, is read at line %d with no synchronization",
					pc.describe(r, w), pc.pass.Fset.Position(goStart).Line, pc.pass.Fset.Position(r.Pos()).Line),
				Related: validRelated(
					analysis.RelatedInformation{Pos: goStart, Message: "goroutine started here"},
					analysis.RelatedInformation{Pos: w.pos, Message: "written by the goroutine here"},
					analysis.RelatedInformation{Pos: r.Pos(), Message: "read here"},
				),
			})
			return
		}
	}
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
	return w.loc.pretty
}

// readAfter finds the first instruction after s, on a path without
// synchronization, that reads one of ws.
func (pc *passCtx) readAfter(fn *ssa.Function, s *ssa.Call, ws []write) (ssa.Instruction, write, bool) {
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
				if pc.reads(ins, w.loc) {
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
		if !pc.syncBetween(s, c.ins) {
			return c.ins, c.w, true
		}
	}
	return nil, write{}, false
}

// prefix reports whether path p is a segment prefix of q.
func prefix(p, q string) bool { return strings.HasPrefix(q, p) }

// reads reports whether ins reads location w.
func (pc *passCtx) reads(ins ssa.Instruction, w loc) bool {
	switch ins := ins.(type) {
	case *ssa.UnOp:
		if ins.Op != token.MUL {
			return false
		}
		r := locOf(ins.X)
		if r.root != w.root {
			return false
		}
		if prefix(w.path, r.path) {
			return true // the loaded memory lies inside the written memory
		}
		// A copy of a whole struct or array includes the written part.
		switch ins.Type().Underlying().(type) {
		case *types.Struct, *types.Array:
			return prefix(r.path, w.path)
		}
	case *ssa.Lookup:
		r := locOf(ins.X)
		r.path += "[]/"
		return r.root == w.root && (prefix(w.path, r.path) || prefix(r.path, w.path))
	case *ssa.Range:
		r := locOf(ins.X)
		r.path += "[]/"
		return r.root == w.root && (prefix(w.path, r.path) || prefix(r.path, w.path))
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
			r := locOf(a)
			if r.root == w.root && ((r.path != "" && !handle) || pc.rootCalls) && prefix(r.path, w.path) {
				return true
			}
		}
		call := &ins.Call
		if op, recv := syncapi.CallOp(call); op == syncapi.AtomicRead {
			if recv == nil && len(call.Args) > 0 {
				recv = call.Args[0]
			}
			if recv != nil {
				r := locOf(recv)
				return r.root == w.root && prefix(w.path, r.path)
			}
			return false
		}
		// A package function reading the written memory through its
		// parameters.
		callee, ok := call.Value.(*ssa.Function)
		if !ok || call.IsInvoke() || callee.Pkg == nil || callee.Pkg.Pkg != pc.pass.Pkg {
			return false
		}
		for _, r := range pc.readsOf(callee, 0) {
			for i, p := range callee.Params {
				if p != r.root || i >= len(call.Args) {
					continue // another parameter
				}
				l := locOf(call.Args[i])
				l.path += r.path
				if l.root == w.root && (prefix(w.path, l.path) || prefix(l.path, w.path)) {
					// Rule B (syncupdate.go): an update of a
					// self-synchronizing object, not an observation.
					return !pc.syncUpdates(call, callee, w)
				}
			}
		}
	}
	return false
}

// syncBetween reports whether an instruction that may synchronize with
// another goroutine lies on some path from x to y.
func (pc *passCtx) syncBetween(x, y ssa.Instruction) bool {
	fwd := ssacfg.Reach(ssacfg.Succs, x.Block())
	bwd := ssacfg.Reach(ssacfg.Preds, y.Block())
	for b := range fwd {
		if !bwd[b] {
			continue // not between x and y
		}
		instrs := b.Instrs
		if b == x.Block() && b == y.Block() && ssacfg.Before(x, y) && !loops(b) {
			instrs = instrs[ssacfg.Index(x)+1 : ssacfg.Index(y)]
		} else if b == x.Block() && !loops(b) {
			instrs = instrs[ssacfg.Index(x)+1:]
		} else if b == y.Block() && !loops(b) {
			instrs = instrs[:ssacfg.Index(y)]
		}
		for _, ins := range instrs {
			if pc.syncs(ins, 0) {
				return true
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

// syncs reports whether ins may synchronize with another goroutine:
// channel operations, waits, and calls whose callee is unknown or does one
// of these.
func (pc *passCtx) syncs(ins ssa.Instruction, depth int) bool {
	switch ins := ins.(type) {
	case *ssa.UnOp:
		return ins.Op == token.ARROW
	case *ssa.Send:
		// A send orders the spawner's earlier writes before the receiver,
		// not the goroutine's later writes before the spawner's reads.
		return false
	case *ssa.Select:
		for _, st := range ins.States {
			if st.Dir == types.RecvOnly {
				return true
			}
		}
		return false
	case *ssa.Call:
		return pc.callSyncs(&ins.Call, depth)
	}
	return false
}

func (pc *passCtx) callSyncs(call *ssa.CallCommon, depth int) bool {
	switch op, _ := syncapi.CallOp(call); op {
	case syncapi.WGWait, syncapi.ErrgroupWait, syncapi.CondWait, syncapi.SemAcquire, syncapi.SynctestWait:
		return true
	case syncapi.None:
	default:
		return false // locks, Sleep, ...: no ordering with the goroutine's completion
	}
	if call.IsInvoke() {
		return true // unknown callee: it may synchronize
	}
	switch f := call.Value.(type) {
	case *ssa.Builtin:
		return false
	case *ssa.Function:
		if f.Pkg != nil && f.Pkg.Pkg != pc.pass.Pkg {
			// Another package: its synchronization is not visible. A
			// callee taking a channel or function may wait on it.
			for _, a := range call.Args {
				switch a.Type().Underlying().(type) {
				case *types.Chan, *types.Signature:
					return true
				}
			}
			return false
		}
		return pc.funcSyncs(f, depth+1)
	case *ssa.MakeClosure:
		if fn, ok := f.Fn.(*ssa.Function); ok {
			return pc.funcSyncs(fn, depth+1)
		}
	}
	return true // a function value: unknown
}

// funcSyncs reports whether fn (of this package) may synchronize.
func (pc *passCtx) funcSyncs(fn *ssa.Function, depth int) bool {
	if depth > maxCallDepth {
		return true // over budget: assume it may
	}
	if r, ok := pc.syncCache[fn]; ok {
		return r
	}
	pc.syncCache[fn] = true // recursion: assume it may
	r := false
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			if pc.syncs(ins, depth) {
				r = true
			}
		}
	}
	if len(fn.Blocks) == 0 {
		r = true // no body: unknown
	}
	pc.syncCache[fn] = r
	return r
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

// handlerWrites adds the writes of function literals of fn that are
// stored into an object the goroutine of sp receives (a callback field,
// such as an informer's handler): the goroutine may call them.
func (pc *passCtx) handlerWrites(fn *ssa.Function, sp spawn, out *[]write) {
	roots := make(map[ssa.Value]bool)
	for _, l := range sp.env {
		roots[l.root] = true
	}
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			mc, ok := ins.(*ssa.MakeClosure)
			if !ok || mc.Referrers() == nil {
				continue // not a function literal with captures
			}
			inner, ok := mc.Fn.(*ssa.Function)
			if !ok {
				continue
			}
			stored := false
			for _, r := range *mc.Referrers() {
				if st, ok := r.(*ssa.Store); ok && st.Val == mc && roots[locOf(st.Addr).root] && locOf(st.Addr).path != "" {
					stored = true
				}
			}
			if !stored {
				continue // not handed to the goroutine through an object
			}
			env := make(map[ssa.Value]loc)
			for i, bnd := range mc.Bindings {
				if i < len(inner.FreeVars) {
					env[inner.FreeVars[i]] = locOf(bnd)
				}
			}
			n := len(*out)
			pc.writes(inner, env, 1, false, out)
			for i := n; i < len(*out); i++ {
				if !(*out)[i].pos.IsValid() {
					(*out)[i].pos = mc.Pos()
				}
			}
		}
	}
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
func (pc *passCtx) lockedAt(ins ssa.Instruction) bool { return len(pc.locks.HeldAt(ins)) > 0 }
