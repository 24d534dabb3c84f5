package isolate_test

import (
	"go/ast"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/packages"

	"github.com/conclint/conclint/internal/factsonly"
	"github.com/conclint/conclint/internal/isolate"
)

// healthy reports every function declaration, through a prerequisite
// looked up by its original pointer, as upstream passes do.
var healthy = &analysis.Analyzer{
	Name:     "healthy",
	Doc:      "healthy: report functions",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		in.Preorder([]ast.Node{(*ast.FuncDecl)(nil)}, func(n ast.Node) {
			pass.Reportf(n.Pos(), "func %s", n.(*ast.FuncDecl).Name.Name)
		})
		return nil, nil
	},
}

var broken = &analysis.Analyzer{
	Name:     "broken",
	Doc:      "broken: panic",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		return explode(pass.Pkg.Path()), nil
	},
}

func TestPanicBecomesError(t *testing.T) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: "testdata/src/p"}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("load: %v %v", err, pkgs)
	}
	var hookRuns int
	hook := func(pass *analysis.Pass, run func(*analysis.Pass) (any, error)) (any, error) {
		hookRuns++
		return run(pass)
	}
	roots := isolate.Wrap([]*analysis.Analyzer{broken, healthy}, hook)
	if roots[0] == broken || roots[1] == healthy || roots[0].Requires[0] != roots[1].Requires[0] {
		t.Fatal("Wrap must clone roots and share one clone of a common prerequisite")
	}
	graph, err := checker.Analyze(roots, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var reports []string
	var errs []string
	for _, act := range graph.Roots {
		if act.Err != nil {
			errs = append(errs, act.Err.Error())
		}
		for _, d := range act.Diagnostics {
			reports = append(reports, d.Message)
		}
	}
	if len(reports) != 1 || reports[0] != "func F" {
		t.Errorf("healthy analyzer's reports = %q, want [func F]", reports)
	}
	if len(errs) != 1 || !strings.Contains(errs[0], "analyzer broken panicked on package") || !strings.Contains(errs[0], "isolate_test.go:") {
		t.Errorf("errors = %q, want one naming the analyzer, the package and the panic site", errs)
	}
	if hookRuns != 2 {
		t.Errorf("hook ran %d times, want once per root", hookRuns)
	}
}

// explode panics the way a buggy analyzer does: a runtime error deep in
// its code.
func explode(path string) string {
	parts := strings.Split(path, "/")
	return parts[len(path)] // index out of range: a path has fewer parts than bytes
}

// TestWrapFactsOnly: every pass of a WrapFactsOnly graph, prerequisites
// included, is marked for internal/factsonly; Wrap marks none.
func TestWrapFactsOnly(t *testing.T) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: "testdata/src/p"}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("load: %v %v", err, pkgs)
	}
	seen := make(map[string]bool)
	prereq := &analysis.Analyzer{
		Name: "prereq", Doc: "prereq: records", ResultType: reflect.TypeFor[bool](),
		Run: func(pass *analysis.Pass) (any, error) { return factsonly.Is(pass), nil },
	}
	root := &analysis.Analyzer{
		Name: "root", Doc: "root: records", Requires: []*analysis.Analyzer{prereq},
		Run: func(pass *analysis.Pass) (any, error) {
			seen["prereq"] = pass.ResultOf[prereq].(bool)
			seen["root"] = factsonly.Is(pass)
			return nil, nil
		},
	}
	for _, tc := range []struct {
		wrap func([]*analysis.Analyzer, isolate.Hook) []*analysis.Analyzer
		want bool
	}{{isolate.Wrap, false}, {isolate.WrapFactsOnly, true}} {
		clear(seen)
		if _, err := checker.Analyze(tc.wrap([]*analysis.Analyzer{root}, nil), pkgs, nil); err != nil {
			t.Fatal(err)
		}
		if seen["root"] != tc.want || seen["prereq"] != tc.want {
			t.Errorf("marked passes %v, want root and prerequisite %v", seen, tc.want)
		}
	}
}
