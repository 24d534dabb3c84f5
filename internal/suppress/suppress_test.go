package suppress_test

import (
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/internal/isolate"
	"github.com/conclint/conclint/internal/suppress"
)

// runCallf reports every call of a function named f, and every call of
// pair with its first argument as a related site.
func runCallf(pass *analysis.Pass) (any, error) {
	for _, file := range pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			id, ok := call.Fun.(*ast.Ident)
			switch {
			case !ok:
			case id.Name == "f":
				pass.Reportf(call.Pos(), "call of f")
			case id.Name == "pair" && len(call.Args) > 0:
				pass.Report(analysis.Diagnostic{
					Pos:     call.Pos(),
					Message: "call of pair",
					Related: []analysis.RelatedInformation{{Pos: call.Args[0].Pos(), Message: "first argument"}},
				})
			}
			return true
		})
	}
	return nil, nil
}

func newCallf(name string) *analysis.Analyzer {
	return &analysis.Analyzer{Name: name, Doc: name + ": report calls of f", Run: runCallf}
}

func TestFilter(t *testing.T) {
	wrapped := isolate.Wrap([]*analysis.Analyzer{newCallf("callf")}, suppress.Filter)[0]
	analysistest.Run(t, analysistest.TestData(), wrapped, "a")
}

// TestStaticcheckDirectives: an analyzer named like a staticcheck check
// honours //lint:ignore and //lint:file-ignore.
func TestStaticcheckDirectives(t *testing.T) {
	wrapped := isolate.Wrap([]*analysis.Analyzer{newCallf("SA9999")}, suppress.Filter)[0]
	analysistest.Run(t, analysistest.TestData(), wrapped, "c", "d")
}

// TestRunAndFilter: an analyzer that filters by itself (declared with
// suppress.Run, as conclint's analyzers are) honours directives when run
// alone, and a driver's Filter around it handles each directive once.
func TestRunAndFilter(t *testing.T) {
	self := newCallf("callf")
	self.Run = suppress.Run(runCallf)
	analysistest.Run(t, analysistest.TestData(), self, "e")
	wrapped := isolate.Wrap([]*analysis.Analyzer{self}, suppress.Filter)[0]
	analysistest.Run(t, analysistest.TestData(), wrapped, "e")
}

// TestFilterNoStale: without stale reports, directives still suppress.
func TestFilterNoStale(t *testing.T) {
	self := newCallf("callf")
	self.Run = suppress.Run(runCallf)
	wrapped := isolate.Wrap([]*analysis.Analyzer{self}, suppress.FilterNoStale)[0]
	analysistest.Run(t, analysistest.TestData(), wrapped, "f")
}

func TestMalformed(t *testing.T) {
	a := suppress.NewAnalyzer(func() []string { return []string{"callf", "other"} })
	analysistest.Run(t, analysistest.TestData(), a, "b")
}
