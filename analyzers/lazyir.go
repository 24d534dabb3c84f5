package analyzers

import (
	"fmt"
	"go/ast"
	"go/types"
	"maps"
	"reflect"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
	"honnef.co/go/tools/staticcheck/sa1015"
	"honnef.co/go/tools/staticcheck/sa1017"
	"honnef.co/go/tools/staticcheck/sa2002"
	"honnef.co/go/tools/staticcheck/sa2003"
)

// The staticcheck checks SA1015, SA1017, SA2002 and SA2003 read
// staticcheck's own IR (buildir), a second SSA-like form of the package next
// to the buildssa that conclint's analyzers share. Building it was the
// largest single cost of the suite (18% of the CPU on a quarter of std,
// docs/performance.md), although the four checks look for calls that few
// packages make: time.Tick, signal.Notify, T.Fatal in a goroutine, a
// deferred Lock. So the bundled copies of these checks do not require
// buildir: they require irGate, which records cheaply, from the type
// information and the syntax, which calls the package can contain, and
// offers the IR as a thunk built at most once per package, on the first
// check that may report. A check whose calls cannot occur returns without
// looking at any IR; its reports are unchanged, because it reports only on
// a static call to one of its functions, and a static call needs an
// identifier in this package's source that refers to the function
// (TestLazyIRSameReports compares against upstream).
//
// The IR is the largest structure of a package's analysis (400 MB on
// nats-server's server package, more than the SSA form and the type
// information together), and the checks are quick once it exists. So the
// first check that asks runs every check the package can contain, keeps
// their diagnostics, and lets the IR go; each check then reports its own.

// buildir is staticcheck's IR builder (an internal package of staticcheck,
// so it is taken from a check that requires it).
var buildir = requirement(sa2003.Analyzer, "buildir")

// requirement returns a's prerequisite called name. It panics at
// initialization when there is none: the bundled staticcheck version has
// changed shape, and the suite must be looked at again.
func requirement(a *analysis.Analyzer, name string) *analysis.Analyzer {
	for _, req := range a.Requires {
		if req.Name == name {
			return req
		}
	}
	panic(fmt.Sprintf("analyzers: %s does not require %s", a.Name, name))
}

// irGate computes, for a package, which of the IR checks can report, and
// the package's IR on demand. Its prerequisites are buildir's, so the IR is
// built from the same inputs.
var irGate = &analysis.Analyzer{
	Name:       "irgate",
	Doc:        "irgate: which IR-based staticcheck checks can report on the package; the IR, built on first use",
	Requires:   irGateRequires(),
	Run:        runIRGate,
	ResultType: reflect.TypeFor[*lazyIR](),
}

// irGateRequires returns what irGate needs: the inspector, buildir's
// prerequisites, and every IR check's other prerequisites, which the checks
// find in irGate's pass when they run.
func irGateRequires() []*analysis.Analyzer {
	reqs := append([]*analysis.Analyzer{inspect.Analyzer}, buildir.Requires...)
	for _, c := range irChecks {
		for _, r := range c.a.Requires {
			if r != buildir && !slices.Contains(reqs, r) {
				reqs = append(reqs, r)
			}
		}
	}
	return reqs
}

// lazyIR is irGate's result.
type lazyIR struct {
	calls irCalls
	pass  *analysis.Pass // irGate's pass: buildir's prerequisites are in ResultOf

	once  sync.Once
	diags [len(irChecks)][]analysis.Diagnostic // per check of irChecks
	errs  [len(irChecks)]error
}

// irChecks are the staticcheck checks that read the IR, with the calls
// that must be possible in a package for each to report.
var irChecks = [...]struct {
	a   *analysis.Analyzer
	may func(irCalls) bool
}{
	{sa2002.Analyzer, func(c irCalls) bool { return c.testingFail }},
	{sa2003.Analyzer, func(c irCalls) bool { return c.deferLock }},
	{sa1015.Analyzer, func(c irCalls) bool { return c.timeTick }},
	{sa1017.Analyzer, func(c irCalls) bool { return c.signalNotify }},
}

// irCalls records which calls of interest the package's source can make.
// Each field is true when a static call of the named function may appear
// in the IR of the package's source functions.
type irCalls struct {
	timeTick     bool // time.Tick (SA1015)
	signalNotify bool // os/signal.Notify (SA1017)
	testingFail  bool // (*testing.common).FailNow, Fatal, Fatalf, SkipNow, Skip, Skipf (SA2002), in a function some go statement may start
	deferLock    bool // (*sync.Mutex).Lock or (*sync.RWMutex).RLock, with a defer statement that may call one of them (SA2003)
}

func runIRGate(pass *analysis.Pass) (any, error) {
	in, _ := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if in == nil || pass.TypesInfo == nil {
		return nil, fmt.Errorf("irgate: no syntax or type information")
	}
	var c irCalls
	var lockUsed, goFail, maybeDeferLock, testingUsed bool
	// Every static call in the IR of a source function has, in that
	// function's syntax, an identifier that refers to the callee: the
	// called name itself, or the name whose value a variable holds.
	for _, obj := range pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || fn.Pkg() == nil {
			continue
		}
		switch fn.Pkg().Path() {
		case "time":
			c.timeTick = c.timeTick || fn.FullName() == "time.Tick"
		case "os/signal":
			c.signalNotify = c.signalNotify || fn.FullName() == "os/signal.Notify"
		case "sync":
			lockUsed = lockUsed || isDeferredLockCallee(fn)
		case "testing":
			testingUsed = testingUsed || isGoroutineFailCallee(fn)
		}
	}
	goFuncs := make(map[*types.Func]bool) // this package's functions started by go statements
	in.Preorder([]ast.Node{(*ast.GoStmt)(nil), (*ast.DeferStmt)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.GoStmt:
			if testingUsed && !goFail {
				fn, may := goroutineMayFail(pass, n.Call)
				goFail = may
				if fn != nil {
					goFuncs[fn] = true
				}
			}
		case *ast.DeferStmt:
			maybeDeferLock = maybeDeferLock || mayCallLock(pass.TypesInfo, n.Call)
		}
	})
	if testingUsed && !goFail && len(goFuncs) > 0 {
		goFail = declsMayFail(pass, goFuncs)
	}
	c.testingFail = goFail
	c.deferLock = lockUsed && maybeDeferLock
	return &lazyIR{calls: c, pass: pass}, nil
}

// isDeferredLockCallee reports whether fn is one of the methods SA2003
// looks for.
func isDeferredLockCallee(fn *types.Func) bool {
	n := fn.FullName()
	return n == "(*sync.Mutex).Lock" || n == "(*sync.RWMutex).RLock"
}

// isGoroutineFailCallee reports whether fn is one of the methods SA2002
// looks for: the testing.common methods that must not run outside the
// test's goroutine.
func isGoroutineFailCallee(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	ptr, ok := sig.Recv().Type().(*types.Pointer)
	if !ok {
		return false
	}
	named, ok := ptr.Elem().(*types.Named)
	if !ok || named.Obj().Name() != "common" {
		return false
	}
	switch fn.Name() {
	case "FailNow", "Fatal", "Fatalf", "SkipNow", "Skip", "Skipf":
		return true
	}
	return false
}

// goroutineMayFail reports whether the function a go statement starts
// may itself contain a static call SA2002 looks for: SA2002 looks only at
// the blocks of the started function, which is a function literal, a
// function or method of this package, or a closure a local variable holds.
// A function of this package is returned for declsMayFail to decide.
func goroutineMayFail(pass *analysis.Pass, call *ast.CallExpr) (*types.Func, bool) {
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return nil, usesFailCallee(pass.TypesInfo, lit.Body)
	}
	switch obj := typeutil.Callee(pass.TypesInfo, call).(type) {
	case *types.Builtin:
		return nil, false
	case *types.Func:
		if obj.Pkg() != pass.Pkg {
			return nil, false // no blocks in this package's IR
		}
		return obj.Origin(), false
	}
	return nil, true // a variable may hold a closure that fails
}

// declsMayFail reports whether one of fns, functions of this package, has
// a body that refers to a method SA2002 looks for.
func declsMayFail(pass *analysis.Pass, fns map[*types.Func]bool) bool {
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok && fns[obj] && usesFailCallee(pass.TypesInfo, fd.Body) {
				return true
			}
		}
	}
	return false
}

// usesFailCallee reports whether body refers to a method SA2002 looks for
// (nested function literals included: more than SA2002 looks at, which
// only costs building the IR).
func usesFailCallee(info *types.Info, body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !found {
			if fn, ok := info.Uses[id].(*types.Func); ok && isGoroutineFailCallee(fn) {
				found = true
			}
		}
		return !found
	})
	return found
}

// mayCallLock reports whether a deferred call may be a static call of a
// method SA2003 looks for. It is false only when that is certain: a
// function literal, a builtin, a name that refers to another function, or
// a function value that cannot hold the method expression.
func mayCallLock(info *types.Info, call *ast.CallExpr) bool {
	if _, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return false
	}
	switch obj := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		return false
	case *types.Func:
		return isDeferredLockCallee(obj)
	}
	return mayHoldLockExpr(info, call.Fun)
}

// mayHoldLockExpr reports whether fun, a function value, may be the
// method expression of Lock or RLock: SA2003 matches a deferred static call
// with the lock as its one argument, which a variable yields only when it
// holds the method expression, of type func(R) with R's method the one
// SA2003 looks for. A test's cleanup func() cannot be one.
func mayHoldLockExpr(info *types.Info, fun ast.Expr) bool {
	t := info.TypeOf(fun)
	if t == nil {
		return true
	}
	sig, ok := t.Underlying().(*types.Signature)
	if !ok {
		return true // a type parameter
	}
	if sig.Params().Len() != 1 || sig.Results().Len() != 0 || sig.Variadic() {
		return false
	}
	recv := sig.Params().At(0).Type()
	if _, ok := recv.(*types.TypeParam); ok {
		return true
	}
	ms := types.NewMethodSet(recv)
	for _, name := range []string{"Lock", "RLock"} {
		if sel := ms.Lookup(nil, name); sel != nil {
			if m, ok := sel.Obj().(*types.Func); ok && isDeferredLockCallee(m) {
				return true
			}
		}
	}
	return false
}

// diagnostics returns the diagnostics of irChecks[i] on the package. The
// first call builds the IR, runs every check the package can contain on
// it, and drops it. A panic in the builder or a check becomes an error for
// the checks concerned.
func (l *lazyIR) diagnostics(i int) ([]analysis.Diagnostic, error) {
	l.once.Do(l.runChecks)
	return l.diags[i], l.errs[i]
}

func (l *lazyIR) runChecks() {
	ir, err := l.build()
	for i, c := range irChecks {
		if !c.may(l.calls) {
			continue
		}
		if err != nil {
			l.errs[i] = err
			continue
		}
		l.errs[i] = l.runCheck(i, ir)
	}
}

// build builds the package's IR.
func (l *lazyIR) build() (ir any, err error) {
	defer func() {
		if r := recover(); r != nil {
			ir, err = nil, fmt.Errorf("failed prerequisites: buildir: %v", r)
		}
	}()
	p := *l.pass
	p.Analyzer = buildir
	ir, err = buildir.Run(&p)
	if err != nil {
		return nil, fmt.Errorf("failed prerequisites: buildir: %w", err)
	}
	return ir, nil
}

// runCheck runs irChecks[i] on ir, keeping its diagnostics.
func (l *lazyIR) runCheck(i int, ir any) (err error) {
	a := irChecks[i].a
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: panic: %v", a.Name, r)
		}
	}()
	p := *l.pass
	p.Analyzer = a
	p.ResultOf = maps.Clone(l.pass.ResultOf)
	p.ResultOf[buildir] = ir
	p.Report = func(d analysis.Diagnostic) { l.diags[i] = append(l.diags[i], d) }
	_, err = a.Run(&p)
	return err
}

// irGated returns a copy of the staticcheck check a, one of irChecks, that
// requires irGate instead of buildir and runs only when the package can
// contain its bug, with the IR built on demand.
func irGated(a *analysis.Analyzer) *analysis.Analyzer {
	idx := -1
	for i, c := range irChecks {
		if c.a == a {
			idx = i
		}
	}
	if idx < 0 {
		panic(fmt.Sprintf("analyzers: %s is not an IR check", a.Name))
	}
	c := *lowerTitle(a)
	c.Requires = nil
	for _, req := range a.Requires {
		if req == buildir {
			req = irGate
		}
		c.Requires = append(c.Requires, req)
	}
	c.Run = func(pass *analysis.Pass) (any, error) {
		lz, ok := pass.ResultOf[irGate].(*lazyIR)
		if !ok {
			return nil, fmt.Errorf("%s: no irgate result", a.Name)
		}
		if !irChecks[idx].may(lz.calls) {
			return nil, nil // the package makes none of the calls the check looks for
		}
		diags, err := lz.diagnostics(idx)
		if err != nil {
			return nil, err
		}
		for _, d := range diags {
			pass.Report(d)
		}
		return nil, nil
	}
	return &c
}
