package unboundedgo

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
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/conclint/conclint/internal/analyzerdoc"
	"github.com/conclint/conclint/internal/suppress"
	"github.com/conclint/conclint/internal/syncapi"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines started once per input item with no bound.
var Analyzer = &analysis.Analyzer{
	Name:     "unboundedgo",
	Doc:      analyzerdoc.MustExtract(doc, "unboundedgo"),
	URL:      analyzerdoc.URL("unboundedgo"),
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      suppress.Run(run),
}

func init() {
	Analyzer.Flags.Bool("accept", false, "also report a goroutine started per connection in a listener accept loop, or per request read from a connection it answers on")
	Analyzer.Flags.Bool("tests", false, "also report in _test.go files")
	Analyzer.Flags.Bool("collections", false, "also report loops over slices and maps that are parameters, fields or results of calls (their size is decided by the caller)")
}

// Diagnostic categories, one per kind of input.
const (
	catRange   = "range"   // elements of a slice, map or iterator
	catChannel = "channel" // values received from a channel
	catStream  = "stream"  // lines, rows, records, packets read from a stream
	catAccept  = "accept"  // connections accepted from a listener
)

// Budgets. A local variable is followed through at most maxDefDepth
// single assignments; the top of a goroutine is the first maxTopStmts
// statements of its body (cheap filters usually come before the acquire),
// followed through at most maxCallDepth-1 calls.
const (
	maxDefDepth  = 4
	maxTopStmts  = 8
	maxCallDepth = 2
)

type config struct {
	accept bool // report accept loops
	tests  bool // report in test files

	collections bool // report loops over parameters, fields, call results
}

// A checker holds the state of one pass.
type checker struct {
	pass *analysis.Pass
	cfg  config
	info *types.Info

	decls   map[*types.Func]*ast.FuncDecl // functions declared in this package
	params  map[*types.Var]string         // parameters and receivers: "a parameter", "the receiver"
	defs    map[*types.Var][]ast.Expr     // every value assigned to a local variable (nil: unknown)
	rangeOf map[*types.Var]*ast.RangeStmt // key and value variables declared by a range
	limited map[types.Object]bool         // errgroup variables and fields on which SetLimit is called
	decoded map[*types.Var]string         // variables a decoder fills: "decoded by json.Unmarshal"
	sends   map[types.Object][]bool       // channel fields: one entry per send on them, true when the send is in a loop

	recursive bool // the spawn being checked starts its own function: call results are input

	diags []analysis.Diagnostic
}

func run(pass *analysis.Pass) (any, error) {
	cfg := config{
		accept: boolFlag(pass.Analyzer, "accept"),
		tests:  boolFlag(pass.Analyzer, "tests"),

		collections: boolFlag(pass.Analyzer, "collections"),
	}
	insp, ok := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if !ok {
		return nil, nil
	}

	// Early exit: a package with no go statement can only spawn through
	// errgroup or sync.WaitGroup.Go.
	c := &checker{pass: pass, cfg: cfg, info: pass.TypesInfo}
	var spawns []inspector.Cursor
	for cur := range insp.Root().Preorder((*ast.GoStmt)(nil), (*ast.CallExpr)(nil)) {
		if !cfg.tests && c.inTestFile(cur.Node().Pos()) {
			// Precision: tests run on fixtures the test itself controls;
			// a goroutine per test item does not grow with load.
			continue
		}
		if c.spawnKind(cur.Node()) != spawnNone {
			spawns = append(spawns, cur)
		}
	}
	if len(spawns) == 0 {
		return nil, nil
	}

	c.index(insp)
	for _, cur := range spawns {
		c.check(cur)
	}

	sort.SliceStable(c.diags, func(i, j int) bool { return c.diags[i].Pos < c.diags[j].Pos })
	for _, d := range c.diags {
		pass.Report(d)
	}
	return nil, nil
}

// inTestFile reports whether pos is in a _test.go file.
func (c *checker) inTestFile(pos token.Pos) bool {
	f := c.pass.Fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

// boolFlag reads a boolean flag of a; a missing flag is false.
func boolFlag(a *analysis.Analyzer, name string) bool {
	f := a.Flags.Lookup(name)
	if f == nil {
		return false
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return false
	}
	b, _ := g.Get().(bool)
	return b
}

type spawnKindT int

const (
	spawnNone     spawnKindT = iota
	spawnGo                  // go f()
	spawnErrgroup            // g.Go(f), g.TryGo(f)
	spawnWGGo                // wg.Go(f)
)

func (c *checker) spawnKind(n ast.Node) spawnKindT {
	switch n := n.(type) {
	case *ast.GoStmt:
		return spawnGo
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(c.info, n).(*types.Func)
		switch syncapi.FuncOp(fn) {
		case syncapi.ErrgroupGo, syncapi.ErrgroupTryGo:
			return spawnErrgroup
		case syncapi.WGGo:
			return spawnWGGo
		}
	}
	return spawnNone
}

// index records, once per package, the declarations, parameters, local
// variable assignments and SetLimit calls the checks consult.
func (c *checker) index(insp *inspector.Inspector) {
	c.decls = make(map[*types.Func]*ast.FuncDecl)
	c.params = make(map[*types.Var]string)
	c.defs = make(map[*types.Var][]ast.Expr)
	c.rangeOf = make(map[*types.Var]*ast.RangeStmt)
	c.limited = make(map[types.Object]bool)
	c.decoded = make(map[*types.Var]string)
	c.sends = make(map[types.Object][]bool)

	addParams := func(fl *ast.FieldList, what string) {
		if fl == nil {
			return
		}
		for _, f := range fl.List {
			for _, name := range f.Names {
				if v, ok := c.info.Defs[name].(*types.Var); ok {
					c.params[v] = what
				}
			}
		}
	}
	// def records one assignment of rhs (nil: unknown value) to the
	// variable named by lhs, if lhs is a plain identifier.
	def := func(lhs ast.Expr, rhs ast.Expr) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok || id.Name == "_" {
			return
		}
		obj := c.info.Defs[id]
		if obj == nil {
			obj = c.info.Uses[id]
		}
		if v, ok := obj.(*types.Var); ok && !v.IsField() {
			c.defs[v] = append(c.defs[v], rhs)
		}
	}

	for cur := range insp.Root().Preorder(
		(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.AssignStmt)(nil),
		(*ast.ValueSpec)(nil), (*ast.RangeStmt)(nil), (*ast.IncDecStmt)(nil),
		(*ast.UnaryExpr)(nil), (*ast.CallExpr)(nil), (*ast.SendStmt)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			if fn, ok := c.info.Defs[n.Name].(*types.Func); ok && n.Body != nil {
				c.decls[fn] = n
			}
			addParams(n.Recv, "the receiver")
			addParams(n.Type.Params, "a parameter")
		case *ast.FuncLit:
			addParams(n.Type.Params, "a parameter")
		case *ast.AssignStmt:
			switch {
			case n.Tok != token.ASSIGN && n.Tok != token.DEFINE:
				for _, l := range n.Lhs { // x += ...: unknown
					def(l, nil)
				}
			case len(n.Lhs) == len(n.Rhs):
				for i, l := range n.Lhs {
					def(l, n.Rhs[i])
				}
			case len(n.Rhs) == 1:
				// a, b := f(): each variable takes its value from the
				// call; v, ok := m[k] and friends are unknown.
				rhs := ast.Unparen(n.Rhs[0])
				if _, ok := rhs.(*ast.CallExpr); !ok {
					rhs = nil
				}
				for _, l := range n.Lhs {
					def(l, rhs)
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				var rhs ast.Expr
				switch {
				case len(n.Values) == len(n.Names):
					rhs = n.Values[i]
				case len(n.Values) == 1:
					if call, ok := ast.Unparen(n.Values[0]).(*ast.CallExpr); ok {
						rhs = call
					}
				case len(n.Values) == 0:
					rhs = zeroValue // var x []T: empty
				}
				def(name, rhs)
			}
		case *ast.RangeStmt:
			for _, kv := range []ast.Expr{n.Key, n.Value} {
				if kv == nil {
					continue
				}
				def(kv, nil)
				if id, ok := kv.(*ast.Ident); ok && n.Tok == token.DEFINE {
					if v, ok := c.info.Defs[id].(*types.Var); ok {
						c.rangeOf[v] = n
					}
				}
			}
		case *ast.IncDecStmt:
			def(n.X, nil)
		case *ast.UnaryExpr:
			if n.Op == token.AND { // &x: may be assigned anywhere
				def(n.X, nil)
			}
		case *ast.SendStmt:
			if sel, ok := ast.Unparen(n.Chan).(*ast.SelectorExpr); ok {
				if s := c.info.Selections[sel]; s != nil && s.Kind() == types.FieldVal {
					c.sends[s.Obj()] = append(c.sends[s.Obj()], inLoop(cur))
				}
			}
		case *ast.CallExpr:
			fn, _ := typeutil.Callee(c.info, n).(*types.Func)
			c.recordDecode(n, fn)
			if syncapi.FuncOp(fn) == syncapi.ErrgroupSetLimit {
				if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
					if obj := c.objectOf(sel.X); obj != nil {
						c.limited[obj] = true
					}
				}
			}
		}
	}
}

// zeroValue stands for the zero value of a declared variable.
var zeroValue ast.Expr = &ast.BadExpr{}

// objectOf returns the variable or field an expression names: x, &x, s.f,
// &s.f; or nil.
func (c *checker) objectOf(e ast.Expr) types.Object {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.Ident:
		return c.info.Uses[e]
	case *ast.SelectorExpr:
		if sel := c.info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			return sel.Obj()
		}
	}
	return nil
}

// A spawn is one go statement or Go call being checked.
type spawn struct {
	kind spawnKindT
	node ast.Node  // *ast.GoStmt or *ast.CallExpr
	pos  token.Pos // where it starts
	fn   ast.Expr  // the function run by the goroutine
	recv ast.Expr  // the group, for errgroup spawns
	stmt ast.Node  // the statement containing the spawn
	cur  inspector.Cursor
}

// An input describes the trip count of an unbounded loop.
type input struct {
	category string
	desc     string    // "every element of items (a parameter)"
	at       token.Pos // the loop's input expression
	atName   string    // for Related: "loop over items"
	reader   ast.Expr  // for streams: what the loop reads from (sc, r, codec)
}

func (c *checker) check(cur inspector.Cursor) {
	s := spawn{kind: c.spawnKind(cur.Node()), node: cur.Node(), cur: cur}
	switch n := cur.Node().(type) {
	case *ast.GoStmt:
		s.pos, s.fn, s.stmt = n.Go, n.Call.Fun, n
	case *ast.CallExpr:
		sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
		if !ok || len(n.Args) != 1 {
			return // a method expression or value: unknown group
		}
		s.pos, s.recv, s.fn = sel.Pos(), sel.X, n.Args[0]
		if p := cur.Parent(); p.Node() != nil {
			if st, ok := p.Node().(ast.Stmt); ok {
				s.stmt = st
			}
		}
		if s.stmt == nil {
			// The result of TryGo is used (if !g.TryGo(f) {...}): the
			// caller handles a full group.
			return
		}
	}
	if !s.pos.IsValid() {
		return
	}

	// The enclosing loops of the same function, innermost first.
	var loops []inspector.Cursor
	for e := range cur.Enclosing() {
		if e == cur {
			continue
		}
		switch e.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			goto done
		case *ast.ForStmt, *ast.RangeStmt:
			loops = append(loops, e)
		}
	}
done:
	if len(loops) == 0 {
		return
	}

	// A bound in any enclosing loop keeps the goroutines of the inner
	// ones in check too, so look at all of them before deciding.
	var in *input
	var inLoop inspector.Cursor
	self := c.selfSpawn(&s)
	c.recursive = self != ""
	defer func() { c.recursive = false }()
	for _, l := range loops {
		if c.boundedIn(l, &s) {
			return
		}
		if in == nil {
			if i := c.classify(l, &s); i != nil {
				in, inLoop = i, l
			}
		}
	}
	if in == nil {
		return
	}
	if in.category == catStream && in.reader != nil && c.answersOn(&s, in.reader) {
		// A handler per request read from a connection, answering on
		// it: the server idiom of accept loops, one level down.
		in.category = catAccept
		in.desc = "every request read from " + types.ExprString(in.reader)
	}
	if in.category == catAccept && !c.cfg.accept {
		return // the standard server idiom
	}
	if c.boundedGoroutine(&s) {
		return
	}
	if s.kind == spawnErrgroup && !c.unlimitedGroup(s.recv) {
		return
	}
	if c.runsOnce(s.cur, inLoop) {
		return
	}
	if !c.usesIterationVar(&s, inLoop) {
		// Precision: a goroutine that uses nothing of the iteration
		// (go cancel(), go flush()) does not process an item; such
		// spawns are guarded by a condition that holds once or rarely.
		return
	}
	if c.waitsAfter(&s, inLoop) {
		return
	}
	if c.guardedByCounter(&s, inLoop) {
		return
	}
	if c.perKey(&s, inLoop) {
		return
	}

	desc := in.desc
	if self != "" && in.category == catRange {
		desc += fmt.Sprintf(", recursively (%s starts itself),", self)
	}
	var msg string
	switch s.kind {
	case spawnErrgroup:
		g := types.ExprString(s.recv)
		msg = fmt.Sprintf("goroutine started for %s with no bound: call %s.SetLimit before the loop, or use a semaphore channel or a worker pool", desc, g)
	default:
		msg = fmt.Sprintf("goroutine started for %s with no bound: limit concurrency with a semaphore channel, errgroup.SetLimit or a worker pool", desc)
	}
	end := s.pos + 2 // the go keyword
	if s.kind != spawnGo {
		end = ast.Unparen(s.node.(*ast.CallExpr).Fun).End()
	}
	d := analysis.Diagnostic{Pos: s.pos, End: end, Category: in.category, Message: msg}
	if in.at.IsValid() {
		d.Related = []analysis.RelatedInformation{{Pos: in.at, Message: in.atName}}
	}
	c.diags = append(c.diags, d)
}
