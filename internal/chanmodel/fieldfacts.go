package chanmodel

import (
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/syncapi"
)

// # Field summaries across packages
//
// A method of a type is often called from another package: the caller's
// package cannot see the type's unexported fields, so it cannot see that
// conn.Close closes conn.done. For every exported method (with a pointer
// receiver) of a type of the package, the package exports a FieldsFact:
// the receiver's channel fields the method closes on every path, with no
// guard (no sync.Once, no flag tested before), and whether the method (or
// what it calls) may store a new channel into a channel field of the
// receiver's type. A caller can then tell that x.Close(); x.Close() closes
// x's channel twice (chanclose), as it does for functions of its own
// package.

// FieldsFact summarizes an exported method's effect on the channel fields
// of its receiver.
type FieldsFact struct {
	// Closes lists the receiver's channel fields the method closes on
	// every path that returns, unguarded.
	Closes []FieldRef
	// Reassigns is set when the method may store a channel (or nil) into
	// a channel field of the receiver's type: after the call, the field
	// may hold another channel.
	Reassigns bool
}

// FieldRef names a field of the receiver's struct type.
type FieldRef struct {
	Index int
	Name  string
}

// AFact marks FieldsFact as an analysis fact.
func (*FieldsFact) AFact() {}

func (f *FieldsFact) String() string {
	var parts []string
	for _, c := range f.Closes {
		parts = append(parts, c.Name)
	}
	s := "closes(" + strings.Join(parts, ",") + ")"
	if f.Reassigns {
		s += " reassigns"
	}
	return s
}

// FieldsSummary is one method's fact, to be exported.
type FieldsSummary struct {
	Func *types.Func
	Fact *FieldsFact
}

// FieldFacted reports whether fn may get a FieldsFact: an exported method
// with a pointer receiver to a named struct type of its package, with a
// body that closes something.
func FieldFacted(fn *ssa.Function) bool {
	obj, ok := fn.Object().(*types.Func)
	if !ok || fn.Parent() != nil || fn.Synthetic != "" || len(fn.Blocks) == 0 || !obj.Exported() {
		return false
	}
	recv := fn.Signature.Recv()
	if recv == nil {
		return false
	}
	p, ok := recv.Type().Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	hasChan := false
	for i := 0; i < st.NumFields(); i++ {
		if _, ok := st.Field(i).Type().Underlying().(*types.Chan); ok {
			hasChan = true
		}
	}
	if !hasChan {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok && (syncapi.IsBuiltin(c.Common(), "close") || c.Common().StaticCallee() != nil) {
				return true
			}
		}
	}
	return false
}

// FieldsSummaries computes the facts of the package's FieldFacted methods
// that close a receiver field or reassign one.
func (m *Model) FieldsSummaries(funcs []*ssa.Function) []FieldsSummary {
	if m.Incomplete || m.graph == nil {
		return nil
	}
	var out []FieldsSummary
	for _, fn := range funcs {
		if !FieldFacted(fn) {
			continue
		}
		region := m.Region(fn)
		if region == nil {
			continue
		}
		recv := fn.Params[0]
		recvType := fieldKeyOf(recv.Type(), 0).Type
		f := &FieldsFact{}
		for _, fld := range m.Fields {
			if fld.Kind != ChanField || fld.Key.Type != recvType {
				continue
			}
			for _, o := range fld.Ops {
				if !region[o.Fn] {
					continue
				}
				switch o.Kind {
				case FieldMake, FieldNil, FieldAssign:
					f.Reassigns = true
				case FieldClose:
					if o.Fn == fn && o.Base == recv && m.mustRun(o) && m.Guards(o)&(GuardOnce|GuardFlag) == 0 {
						f.Closes = append(f.Closes, FieldRef{fld.Key.Index, fld.Var.Name()})
					}
				}
			}
		}
		if len(f.Closes) == 0 && !f.Reassigns {
			continue
		}
		sort.Slice(f.Closes, func(i, j int) bool { return f.Closes[i].Index < f.Closes[j].Index })
		out = append(out, FieldsSummary{Func: fn.Object().(*types.Func), Fact: f})
	}
	return out
}

// mustRun reports whether a close runs on every path that returns: a plain
// close whose block dominates every return, or a defer in the entry block.
func (m *Model) mustRun(o *FieldOp) bool {
	fn := o.Fn
	b := o.Instr.Block()
	if o.Deferred {
		return b == fn.Blocks[0]
	}
	rets := 0
	for _, x := range fn.Blocks {
		if n := len(x.Instrs); n > 0 {
			if _, ok := x.Instrs[n-1].(*ssa.Return); ok {
				rets++
				if !b.Dominates(x) {
					return false
				}
			}
		}
	}
	return rets > 0
}

// fieldFactKey is how Result finds imported facts.
func fieldFactKey(fn *ssa.Function) *types.Func {
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return nil
	}
	return obj.Origin()
}
