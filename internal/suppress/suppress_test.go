package suppress_test

import (
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/internal/isolate"
	"github.com/conclint/conclint/internal/suppress"
)

// callf reports every call of a function named f.
var callf = &analysis.Analyzer{
	Name: "callf",
	Doc:  "callf: report calls of f",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, file := range pass.Files {
			ast.Inspect(file, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "f" {
						pass.Reportf(call.Pos(), "call of f")
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestFilter(t *testing.T) {
	wrapped := isolate.Wrap([]*analysis.Analyzer{callf}, suppress.Filter)[0]
	analysistest.Run(t, analysistest.TestData(), wrapped, "a")
}

func TestMalformed(t *testing.T) {
	a := suppress.NewAnalyzer(func() []string { return []string{"callf", "other"} })
	analysistest.Run(t, analysistest.TestData(), a, "b")
}
