package chanmodel

import (
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Analyzer makes the package's channel model available to every pass that
// requires it, so the model is built at most once per package however many
// passes use it (goroutineleak, chanclose). It exports the summaries of the
// package's exported functions that take channels (ParamsFact) and uses
// those of the packages it imports. It is internal: not part of the suite
// and reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "chanmodel",
	Doc:        "chanmodel: the package's channel model, shared by the passes that need it",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(ParamsFact), new(FieldsFact)},
}

// Result gives access to the model. The model is built on the first call of
// Model, so a pass that finds nothing to ask (no channel operations) costs
// nothing; concurrent passes share one build. A package that exports
// summaries builds it during the chanmodel pass itself.
type Result struct {
	Model func() *Model
	// fieldFacts are the FieldsFacts of the methods of other packages
	// the package calls.
	fieldFacts map[*types.Func]*FieldsFact
}

// FieldsFactOf returns the FieldsFact of a method of another package the
// package calls, or nil.
func (r *Result) FieldsFactOf(fn *ssa.Function) *FieldsFact {
	if r == nil || fn == nil {
		return nil
	}
	k := fieldFactKey(fn)
	if k == nil {
		return nil
	}
	return r.fieldFacts[k]
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	imported := make(map[*types.Func]*ParamsFact)
	cfg := &Config{Facts: func(fn *ssa.Function) *ParamsFact {
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Pkg() == nil || obj.Pkg() == pass.Pkg {
			return nil
		}
		obj = obj.Origin()
		f, seen := imported[obj]
		if !seen {
			f = new(ParamsFact)
			if !pass.ImportObjectFact(obj, f) {
				f = nil
			}
			imported[obj] = f
		}
		return f
	}}
	build := func() *Model { return Build(ssainfo.Pkg, ssainfo.SrcFuncs, pass.Files, cfg) }
	eager := false
	for _, fn := range ssainfo.SrcFuncs {
		if Summarized(fn) {
			cfg.Summarize = true
		}
		if FieldFacted(fn) {
			eager = true
		}
	}
	res := &Result{fieldFacts: importFieldFacts(pass, ssainfo.SrcFuncs)}
	if !cfg.Summarize && !eager {
		res.Model = sync.OnceValue(build)
		return res, nil
	}
	m := build()
	for _, s := range m.Summaries {
		pass.ExportObjectFact(s.Func, s.Fact)
	}
	for _, s := range m.FieldsSummaries(ssainfo.SrcFuncs) {
		pass.ExportObjectFact(s.Func, s.Fact)
	}
	res.Model = func() *Model { return m }
	return res, nil
}

// importFieldFacts imports the FieldsFacts of the methods of other
// packages that funcs call statically.
func importFieldFacts(pass *analysis.Pass, funcs []*ssa.Function) map[*types.Func]*FieldsFact {
	out := make(map[*types.Func]*FieldsFact)
	seen := make(map[*types.Func]bool)
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				callee := ci.Common().StaticCallee()
				if callee == nil || callee.Signature.Recv() == nil {
					continue
				}
				k := fieldFactKey(callee)
				if k == nil || k.Pkg() == nil || k.Pkg() == pass.Pkg || seen[k] {
					continue
				}
				seen[k] = true
				f := new(FieldsFact)
				if pass.ImportObjectFact(k, f) {
					out[k] = f
				}
			}
		}
	}
	return out
}
