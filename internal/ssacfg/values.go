package ssacfg

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// FieldOf returns field i of the struct that t (a struct, or a pointer to
// one) denotes, or nil.
func FieldOf(t types.Type, i int) *types.Var {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || i < 0 || i >= st.NumFields() {
		return nil
	}
	return st.Field(i)
}

// Binding returns the value bound to the free variable fv when its closure
// is made at exactly one place, sites being every MakeClosure of fv's
// function; otherwise nil.
func Binding(fv *ssa.FreeVar, sites []*ssa.MakeClosure) ssa.Value {
	fn := fv.Parent()
	if fn == nil || len(sites) != 1 {
		return nil
	}
	for i, f := range fn.FreeVars {
		if f == fv && i < len(sites[0].Bindings) {
			return sites[0].Bindings[i]
		}
	}
	return nil
}
