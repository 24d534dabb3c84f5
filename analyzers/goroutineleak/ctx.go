package goroutineleak

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/chanmodel"
	"github.com/conclint/conclint/internal/syncapi"
)

// ---- sub-case 3: waiting on a context that is never cancelled ----

func (c *checker) checkCtx(g *chanmodel.Goroutine) {
	for _, op := range c.model.OpsIn(g.Entry) {
		if op.Kind != chanmodel.Recv || op.Callee != nil || !op.Blocks() {
			continue
		}
		call, ok := op.Value.(*ssa.Call)
		if !ok {
			continue
		}
		kind, ctx := syncapi.CallOp(call.Common())
		if kind != syncapi.CtxDone || ctx == nil {
			continue
		}
		origin := c.neverCancelled(ctx, 0)
		if origin == nil {
			continue
		}
		c.diags = append(c.diags, analysis.Diagnostic{
			Pos:      op.Pos,
			Category: catCtx,
			Message:  fmt.Sprintf("goroutine can block forever on this receive: the context made at line %d is never cancelled", c.pass.Fset.Position(origin.Pos()).Line),
			Related: []analysis.RelatedInformation{
				{Pos: g.Pos(), Message: "goroutine started here"},
				{Pos: origin.Pos(), Message: "context made here"},
			},
		})
	}
}

// neverCancelled returns the call that made the context v when that
// context can never be cancelled: context.Background/TODO, or
// WithCancel/WithCancelCause of such a context with the cancel function
// discarded. Parameters of named functions and anything else are assumed
// cancellable.
func (c *checker) neverCancelled(v ssa.Value, depth int) *ssa.Call {
	if depth > maxBindings {
		return nil
	}
	switch v := v.(type) {
	case *ssa.UnOp:
		// A captured variable: the value stored into it, if it is stored
		// exactly once.
		if v.Op != token.MUL {
			return nil
		}
		if x := c.singleStore(v.X, depth+1); x != nil {
			return c.neverCancelled(x, depth+1)
		}
	case *ssa.FreeVar:
		if b := c.binding(v); b != nil {
			return c.neverCancelled(b, depth+1)
		}
	case *ssa.Parameter:
		// Only an anonymous function started directly by a go statement:
		// its arguments are those of the go statement.
		fn := v.Parent()
		if fn.Parent() == nil || len(c.calls[fn]) != 1 || len(c.closures[fn]) > 1 {
			return nil
		}
		if len(c.closures[fn]) == 1 {
			if refs := c.closures[fn][0].Referrers(); refs == nil || len(*refs) != 1 {
				return nil // the closure is also used as a value
			}
		}
		g, ok := c.calls[fn][0].(*ssa.Go)
		if !ok {
			return nil
		}
		for i, p := range fn.Params {
			if p == v && i < len(g.Call.Args) {
				return c.neverCancelled(g.Call.Args[i], depth+1)
			}
		}
	case *ssa.Call:
		if op, _ := syncapi.CallOp(v.Common()); op == syncapi.CtxBackground {
			return v
		}
	case *ssa.Extract:
		call, ok := v.Tuple.(*ssa.Call)
		if !ok || v.Index != 0 {
			return nil
		}
		op, _ := syncapi.CallOp(call.Common())
		fn := syncapi.Callee(call.Common())
		// Timeouts and deadlines cancel themselves; only the plain
		// WithCancel kinds depend on their cancel function.
		if op != syncapi.CtxWithCancel || fn == nil || (fn.Name() != "WithCancel" && fn.Name() != "WithCancelCause") {
			return nil
		}
		if refs := call.Referrers(); refs != nil {
			for _, r := range *refs {
				if e, ok := r.(*ssa.Extract); ok && e.Index == 1 {
					if refs := e.Referrers(); refs != nil && len(*refs) > 0 {
						return nil // the cancel function is kept
					}
				}
			}
		}
		if len(call.Call.Args) == 1 && c.neverCancelled(call.Call.Args[0], depth+1) != nil {
			return call
		}
	}
	return nil
}

// singleStore returns the only value ever stored in the variable addr
// (a local or a captured local), or nil.
func (c *checker) singleStore(addr ssa.Value, depth int) ssa.Value {
	if depth > maxBindings {
		return nil
	}
	switch a := addr.(type) {
	case *ssa.FreeVar:
		if b := c.binding(a); b != nil {
			return c.singleStore(b, depth+1)
		}
	case *ssa.Alloc:
		var val ssa.Value
		refs := a.Referrers()
		if refs == nil {
			return nil
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr != a || val != nil {
					return nil
				}
				val = r.Val
			case *ssa.UnOp:
				if r.Op != token.MUL {
					return nil
				}
			case *ssa.MakeClosure:
				// Captured: the closures must only read it.
				f, ok := r.Fn.(*ssa.Function)
				if !ok {
					return nil
				}
				for i, b := range r.Bindings {
					if b != a || i >= len(f.FreeVars) {
						continue
					}
					if frefs := f.FreeVars[i].Referrers(); frefs != nil {
						for _, fr := range *frefs {
							if u, ok := fr.(*ssa.UnOp); !ok || u.Op != token.MUL {
								return nil
							}
						}
					}
				}
			case *ssa.DebugRef:
			default:
				return nil
			}
		}
		return val
	}
	return nil
}
