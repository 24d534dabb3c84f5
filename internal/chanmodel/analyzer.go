package chanmodel

import (
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
)

// Analyzer makes the package's channel model available to every pass that
// requires it, so the model is built at most once per package however many
// passes use it (goroutineleak, chanclose). It is internal: not part of the
// suite and reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "chanmodel",
	Doc:        "chanmodel: the package's channel model, shared by the passes that need it",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

// Result gives access to the model. The model is built on the first call of
// Model, so a pass that finds nothing to ask (no channel operations) costs
// nothing; concurrent passes share one build.
type Result struct {
	Model func() *Model
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	return &Result{Model: sync.OnceValue(func() *Model {
		return Build(ssainfo.Pkg, ssainfo.SrcFuncs, pass.Files)
	})}, nil
}
