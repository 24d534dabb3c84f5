package lockset

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// TestKeyer checks that an object's key plus the lock field's path is the
// key of the lock HeldAt reports, for a receiver, an embedded mutex, a
// closure's free variable and a global.
func TestKeyer(t *testing.T) {
	found := map[string]bool{}
	check := &analysis.Analyzer{
		Name:     "keyercheck",
		Doc:      "test",
		Requires: []*analysis.Analyzer{Analyzer, buildssa.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			res := pass.ResultOf[Analyzer].(*Result)
			for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
				fns := append([]*ssa.Function{fn}, fn.AnonFuncs...)
				for _, f := range fns {
					kr := NewKeyer(f)
					for _, b := range f.Blocks {
						for _, instr := range b.Instrs {
							st, ok := instr.(*ssa.Store)
							if !ok {
								continue
							}
							fa, ok := st.Addr.(*ssa.FieldAddr)
							if !ok {
								continue
							}
							obj, ok := kr.Key(fa.X)
							if !ok {
								continue
							}
							for _, h := range res.HeldAt(instr) {
								if h.Key.Base == obj.Base && h.Key.Index == obj.Index && h.Key.Val == obj.Val && h.Key.Name == obj.Name &&
									len(h.Key.Path) > len(obj.Path) && h.Key.Path[:len(obj.Path)] == obj.Path {
									found[f.Name()+" "+kr.Display(obj)+" "+h.Key.Path[len(obj.Path):]] = true
								}
							}
						}
					}
				}
			}
			return nil, nil
		},
	}
	analysistest.Run(t, analysistest.TestData(), check, "keyer")
	for _, want := range []string{
		"recv s .mu",
		"embedded e .Mutex",
		"closure$1 s .mu",
		"global cfg .mu",
		"pointer p .mu*",
	} {
		if !found[want] {
			t.Errorf("missing %q; found %v", want, found)
		}
	}
	if k := FromSum(SumKey{Base: BaseParam, Index: 1, Path: ".mu"}); !Same(k, Key{Base: BaseParam, Index: 1, Path: ".mu", Class: "x"}) {
		t.Errorf("FromSum/Same: %v", k)
	}
}
