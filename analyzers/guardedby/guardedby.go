package guardedby

import (
	_ "embed"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/analyzerdoc"
	"github.com/conclint/conclint/internal/hb"
	"github.com/conclint/conclint/internal/lockset"
	"github.com/conclint/conclint/internal/suppress"
	"github.com/conclint/conclint/internal/syncapi"
)

//go:embed doc.go
var doc string

// Analyzer reports fields and package variables accessed without the lock
// that guards them.
var Analyzer = &analysis.Analyzer{
	Name:      "guardedby",
	Doc:       analyzerdoc.MustExtract(doc, "guardedby"),
	URL:       analyzerdoc.URL("guardedby"),
	Requires:  []*analysis.Analyzer{buildssa.Analyzer, inspect.Analyzer, lockset.Analyzer, hb.Analyzer},
	Run:       suppress.Run(run),
	FactTypes: []analysis.Fact{new(guardFact)},
}

// Categories, one per sub-check.
const (
	catExplicit       = "explicit"           // a field accessed without the lock its declaration names
	catInferred       = "inferred"           // a field accessed without the lock that guards it elsewhere
	catRLock          = "write-under-rlock"  // a write with only the read side of the guard held
	catAtomic         = "atomic-mixed"       // a field accessed both atomically and plainly
	catAnnotation     = "annotation"         // a malformed or dangling annotation
	catGlobals        = "goroutine-global"   // a package variable written while a goroutine reads it
	catLazyInit       = "lazy-init"          // if p.x == nil { p.x = ... } without synchronization
	catRange          = "range-after-unlock" // a map or slice field used after the lock is released
	catGoroutineField = "goroutine-field"    // a field a goroutine assigns while another method reads it
)

// Sub-checks and their defaults. A sub-check is on by default only when its
// triage on real code meets the precision bar (docs/evaluation/guardedby.md).
var checks = []struct {
	name, doc string
	def       bool
}{
	{"checklocks", "report accesses to fields and variables without the lock a +checklocks annotation names", true},
	{"comments", "report accesses to fields and variables without the lock a comment names (guarded by mu, mu protects the fields below)", false},
	{"inferred", "report accesses without the lock that guards the field in most other places", false},
	{"rlock", "report writes made while holding only the read lock of the RWMutex that guards them", false},
	{"atomic", "report fields accessed both with sync/atomic and plainly", false},
	{"annotations", "report malformed and dangling +checklocks annotations", true},
	{"globals", "report package variables written without synchronization while a goroutine of the package reads them", false},
	{"lazyinit", "report lazy initialisation (if p.x == nil { p.x = ... }) without a lock or sync.Once in types used concurrently", false},
	{"rangeafter", "report maps and slices taken from a field under a lock and used or returned after releasing it, while other methods mutate them in place", true},
	{"goroutinefield", "report fields a goroutine of the package assigns without synchronization while another method of the type reads them", false},
	{"debug", "also report in String methods and debug dumps", false},
}

func init() {
	for _, c := range checks {
		Analyzer.Flags.Bool(c.name, c.def, c.doc)
	}
}

// Inference thresholds (docs/analyzers/guardedby.md, "Inferred guards").
const (
	minPlaces  = 4    // places (function, line) that access the field, exempt ones not counted
	minGuarded = 3    // of which with the lock held
	minRatio   = 0.75 // guarded / places
)

// Budget: functions with more blocks are skipped.
const maxBlocks = 3000

type passCtx struct {
	pass     *analysis.Pass
	ins      *inspector.Inspector
	locks    *lockset.Result
	an       *annotations
	flags    map[string]bool
	fcs      map[*ssa.Function]*funcCtx
	accesses []*access
	// callSites: the static calls (and go statements) of each function of
	// the package; valueUsed: functions also used as values.
	callSites map[*ssa.Function][]ssa.CallInstruction
	valueUsed map[*ssa.Function]bool
	funcs     []*ssa.Function
	depth     int
	diags     []analysis.Diagnostic
	// roots: the entry points each function is reachable from; goRoot:
	// the functions go statements start (false: started in a loop).
	roots map[*ssa.Function]*rootSet
	// selX: the source of the operand of each selector, by the position
	// of its selected name (where SSA puts a field access); built on the
	// first report.
	selX   map[token.Pos]string
	goRoot map[*ssa.Function]bool
	// goSites: the go statements that start each goroutine body.
	goSites map[*ssa.Function][]*ssa.Go
	// onlyMaps: only the accesses of map and slice fields and variables
	// are collected (rangeafter is the only sub-check that needs them).
	onlyMaps bool
	// onceRun: functions and methods run by sync.Once.Do (a closure, a
	// method value): initialisation ordered by the Once.
	onceRun map[any]bool
	byInstr map[ssa.Instruction][]*access
	byFn    map[*ssa.Function][]*access
	calls   map[*ssa.Function][]*ssa.Function
	hb      *hb.Model // the happens-before model, forked (its caches are ours)
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo, ok := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	if !ok || ssainfo == nil {
		return nil, nil
	}
	locks, _ := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	if locks == nil {
		return nil, nil
	}
	model, _ := pass.ResultOf[hb.Analyzer].(*hb.Model)
	pc := &passCtx{
		pass: pass, locks: locks, hb: model.Fork(), flags: map[string]bool{},
		fcs:       map[*ssa.Function]*funcCtx{},
		callSites: map[*ssa.Function][]ssa.CallInstruction{},
		valueUsed: map[*ssa.Function]bool{},
		onceRun:   map[any]bool{},
	}
	for _, c := range checks {
		pc.flags[c.name] = boolFlag(pass.Analyzer, c.name, c.def)
	}
	pc.ins, _ = pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if pc.ins == nil {
		return nil, nil
	}
	pc.an = pc.readAnnotations()
	if pc.flags["annotations"] {
		for _, d := range pc.an.diags {
			pc.report(d.pos, catAnnotation, d.msg)
		}
	}
	if !pc.needAccesses() {
		// Nothing to check: no guard declared here or imported, and the
		// sub-checks that infer one are off (the default). This keeps the
		// analyzer cheap on the packages that use no annotations.
		pc.flush()
		return nil, nil
	}
	pc.funcs = ssainfo.SrcFuncs // closures included
	var pkgInit *ssa.Function
	if ssainfo.Pkg != nil {
		pkgInit = ssainfo.Pkg.Func("init")
	}
	pc.indexCalls(pkgInit)
	for _, fn := range pc.funcs {
		if len(fn.Blocks) == 0 || len(fn.Blocks) > maxBlocks {
			continue // not built, or over budget
		}
		if s := locks.Summary(fn); s != nil && s.Unknown {
			continue // the lock engine gave up: no held sets
		}
		pc.collect(pc.funcCtxOf(fn))
	}
	pc.checkGuards()
	if pc.flags["atomic"] {
		pc.checkAtomic()
	}
	if pc.flags["globals"] {
		pc.checkGlobals()
	}
	if pc.flags["lazyinit"] {
		pc.checkLazyInit()
	}
	if pc.flags["rangeafter"] {
		pc.checkRangeAfter()
	}
	if pc.flags["goroutinefield"] {
		pc.checkGoroutineFields()
	}
	pc.flush()
	return nil, nil
}

// needAccesses reports whether the package's accesses must be collected:
// a sub-check that needs no declared guard is on, or a guard is declared
// in the package or known from an imported fact.
func (pc *passCtx) needAccesses() bool {
	for _, c := range []string{"comments", "inferred", "rlock", "atomic", "globals", "lazyinit", "goroutinefield"} {
		if pc.flags[c] {
			return true
		}
	}
	declared := false
	for _, dg := range pc.an.fields {
		if dg.form == formChecklocks {
			declared = true
		}
	}
	if len(pc.an.atomic) > 0 {
		declared = true
	}
	for _, f := range pc.pass.AllObjectFacts() {
		if _, ok := f.Fact.(*guardFact); ok {
			declared = true
		}
	}
	if pc.flags["rangeafter"] && importsSync(pc.pass.Pkg) {
		// The only inferring sub-check on (the default): it needs the
		// accesses of map and slice fields and variables only, in
		// packages that lock.
		if !declared {
			pc.onlyMaps = true
		}
		return true
	}
	return declared
}

// importsSync reports whether pkg imports package sync: a package that
// does not cannot lock a mutex of its own.
func importsSync(pkg *types.Package) bool {
	for _, p := range pkg.Imports() {
		if p.Path() == "sync" {
			return true
		}
	}
	return false
}

// wanted reports whether the accesses of obj are collected.
func (pc *passCtx) wanted(obj *types.Var) bool {
	if !pc.onlyMaps {
		return true
	}
	switch obj.Type().Underlying().(type) {
	case *types.Map, *types.Slice:
		return true
	}
	return false
}

// flush reports the collected diagnostics in a deterministic order.
func (pc *passCtx) flush() {
	sort.SliceStable(pc.diags, func(i, j int) bool {
		if pc.diags[i].Pos != pc.diags[j].Pos {
			return pc.diags[i].Pos < pc.diags[j].Pos
		}
		return pc.diags[i].Message < pc.diags[j].Message
	})
	seen := map[string]bool{}
	for _, d := range pc.diags {
		key := fmt.Sprint(d.Pos, d.Category, d.Message)
		if seen[key] {
			continue
		}
		seen[key] = true
		pc.pass.Report(d)
	}
}

// indexCalls records the static call sites and value uses of the
// package's functions.
func (pc *passCtx) indexCalls(pkgInit *ssa.Function) {
	in := map[*ssa.Function]bool{}
	for _, fn := range pc.funcs {
		in[fn] = true
	}
	// The package initializer (package-level variable initialisers) is
	// not a source function; its calls are what makes a helper init-only.
	funcs := pc.funcs
	if pkgInit != nil && !in[pkgInit] {
		funcs = append(funcs[:len(funcs):len(funcs)], pkgInit)
	}
	var ops []*ssa.Value
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var callee *ssa.Function
				if ci, ok := instr.(ssa.CallInstruction); ok {
					if op, _ := syncapi.CallOp(ci.Common()); op == syncapi.OnceDo && len(ci.Common().Args) > 1 {
						switch f := ci.Common().Args[1].(type) {
						case *ssa.MakeClosure:
							if fn, ok := f.Fn.(*ssa.Function); ok {
								pc.onceRun[fn] = true
								if obj, ok := fn.Object().(*types.Func); ok && fn.Synthetic != "" {
									pc.onceRun[obj] = true // a bound method value
								}
							}
						case *ssa.Function:
							pc.onceRun[f] = true
						}
					}
					if c := ci.Common(); !c.IsInvoke() {
						f, _ := c.Value.(*ssa.Function)
						if mc, ok := c.Value.(*ssa.MakeClosure); ok {
							f, _ = mc.Fn.(*ssa.Function) // a closure called in place
						}
						if f != nil {
							callee = f.Origin()
							if callee == nil {
								callee = f
							}
							pc.callSites[callee] = append(pc.callSites[callee], ci)
						}
					}
				}
				for _, op := range instr.Operands(ops[:0]) {
					f, ok := (*op).(*ssa.Function)
					if !ok {
						continue
					}
					if ci, isCall := instr.(ssa.CallInstruction); isCall && ci.Common().Value == f {
						continue
					}
					if _, isMC := instr.(*ssa.MakeClosure); isMC {
						continue
					}
					if o := f.Origin(); o != nil {
						f = o
					}
					pc.valueUsed[f] = true
				}
			}
		}
	}
}

// selectorX returns the source of the operand of the selector whose name
// is at pos.
func (pc *passCtx) selectorX(pos token.Pos) (string, bool) {
	if pc.selX == nil {
		pc.selX = map[token.Pos]string{}
		for _, f := range pc.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					pc.selX[sel.Sel.Pos()] = types.ExprString(sel.X)
				}
				return true
			})
		}
	}
	x, ok := pc.selX[pos]
	return x, ok
}

// report records a diagnostic.
func (pc *passCtx) report(pos token.Pos, cat, msg string, related ...analysis.RelatedInformation) {
	pc.diags = append(pc.diags, analysis.Diagnostic{Pos: pos, Category: cat, Message: msg, Related: related})
}

func (pc *passCtx) inTestFile(pos token.Pos) bool {
	if !pos.IsValid() {
		return false
	}
	f := pc.pass.Fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

// where renders a position as "file.go:12".
func (pc *passCtx) where(pos token.Pos) string {
	p := pc.pass.Fset.Position(pos)
	name := p.Filename
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return fmt.Sprintf("%s:%d", name, p.Line)
}

// boolFlag reads a boolean flag of a.
func boolFlag(a *analysis.Analyzer, name string, def bool) bool {
	f := a.Flags.Lookup(name)
	if f == nil {
		return def
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return def
	}
	b, ok := g.Get().(bool)
	if !ok {
		return def
	}
	return b
}
