package goroutineleak

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/syncapi"
)

// ---- sub-case 4: Cond.Wait that nothing signals ----

func (c *checker) checkConds() {
	var waits []*ssa.Call
	signalled := make(map[condKey]bool)
	unknown := false // a signal on a cond we cannot name: any cond may be woken
	for _, fn := range c.ssa.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok {
					switch op, recv := syncapi.CallOp(call.Common()); op {
					case syncapi.CondSignal, syncapi.CondBroadcast:
						if k, ok := c.condField(recv); ok {
							signalled[k] = true
						} else {
							unknown = true
						}
					case syncapi.CondWait:
						if cl, ok := instr.(*ssa.Call); ok {
							waits = append(waits, cl)
						}
					}
				}
			}
		}
	}
	if len(waits) == 0 || unknown {
		return
	}
	// Signal or Broadcast used as a value (method value or expression):
	// we cannot tell which cond it wakes.
	for _, fn := range c.ssa.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var callee ssa.Value
				if call, ok := instr.(ssa.CallInstruction); ok {
					callee = call.Common().Value
				}
				var rands [8]*ssa.Value
				for _, p := range instr.Operands(rands[:0]) {
					if p == nil || *p == nil || *p == callee {
						continue
					}
					var f *ssa.Function
					switch x := (*p).(type) {
					case *ssa.Function:
						f = x
					case *ssa.MakeClosure:
						f, _ = x.Fn.(*ssa.Function)
					}
					if f != nil {
						if obj, ok := f.Object().(*types.Func); ok {
							if op := syncapi.FuncOp(obj); op == syncapi.CondSignal || op == syncapi.CondBroadcast {
								unknown = true
							}
						}
					}
				}
			}
		}
	}
	if unknown {
		return
	}
	for _, w := range waits {
		_, recv := syncapi.CallOp(w.Common())
		k, ok := c.condField(recv)
		if !ok || signalled[k] || lifetimeOfProcess(w.Parent()) {
			continue
		}
		c.diags = append(c.diags, analysis.Diagnostic{
			Pos:      w.Pos(),
			Category: catCond,
			Message:  fmt.Sprintf("Cond.Wait can block forever: nothing calls Signal or Broadcast on %s, an unexported field only this package can reach", k.name()),
		})
	}
}

// condKey names a cond by the unexported struct field holding it.
type condKey struct {
	typ   types.Type // *types.Named (origin) or *types.Struct
	field int
}

func (k condKey) name() string {
	st, _ := k.typ.Underlying().(*types.Struct)
	f := "?"
	if st != nil && k.field < st.NumFields() {
		f = st.Field(k.field).Name()
	}
	if n, ok := k.typ.(*types.Named); ok {
		return n.Obj().Name() + "." + f
	}
	return f
}

// condField returns the field a cond lives in (a sync.Cond field, or a
// *sync.Cond field loaded and every value stored into it a fresh
// sync.NewCond), when the field is unexported: only this package can reach
// it. Otherwise ok is false.
func (c *checker) condField(recv ssa.Value) (condKey, bool) {
	ptrField := false
	if u, ok := recv.(*ssa.UnOp); ok && u.Op == token.MUL {
		recv = u.X
		ptrField = true
	}
	fa, ok := recv.(*ssa.FieldAddr)
	if !ok {
		return condKey{}, false
	}
	t := fa.X.Type()
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	t = types.Unalias(t)
	if n, ok := t.(*types.Named); ok {
		t = n.Origin()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return condKey{}, false
	}
	f := st.Field(fa.Field)
	if f.Exported() || f.Embedded() {
		return condKey{}, false
	}
	k := condKey{t, fa.Field}
	if ptrField && !c.freshCondsOnly(k) {
		return condKey{}, false
	}
	return k, true
}

// freshCondsOnly reports whether every store into the *sync.Cond field k
// stores the result of sync.NewCond (no aliasing with another cond).
func (c *checker) freshCondsOnly(k condKey) bool {
	if c.freshConds == nil {
		c.freshConds = make(map[condKey]bool)
	}
	if v, ok := c.freshConds[k]; ok {
		return v
	}
	fresh := true
	for _, fn := range c.ssa.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				fa, ok := st.Addr.(*ssa.FieldAddr)
				if !ok || fa.Field != k.field {
					continue
				}
				t := fa.X.Type()
				if p, ok := t.Underlying().(*types.Pointer); ok {
					t = p.Elem()
				}
				t = types.Unalias(t)
				if n, ok := t.(*types.Named); ok {
					t = n.Origin()
				}
				if t != k.typ {
					continue
				}
				call, ok := st.Val.(*ssa.Call)
				if !ok {
					fresh = false
					continue
				}
				if op, _ := syncapi.CallOp(call.Common()); op != syncapi.CondNew {
					fresh = false
				}
			}
		}
	}
	c.freshConds[k] = fresh
	return fresh
}
