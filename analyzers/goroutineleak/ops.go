package goroutineleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/chanmodel"
)

// ranBy reports whether the goroutine g itself runs op: an operation of
// its entry function, or, for a go statement calling a function of another
// package, an operation that function's summary lists.
func ranBy(o *chanmodel.Op, g *chanmodel.Goroutine) bool {
	if g.Entry != nil {
		return o.RunsIn(g.Entry)
	}
	return o.Instr == g.Instr && o.Callee != nil
}

// blockingOps returns the operations of kind k (and Range with Recv) the
// goroutine g runs that wait on one channel alone.
func (c *checker) blockingOps(g *chanmodel.Goroutine, kinds ...chanmodel.Kind) []*chanmodel.Op {
	fn := g.Entry
	if fn == nil {
		fn = g.Spawner
	}
	var out []*chanmodel.Op
	for _, op := range c.model.OpsIn(fn) {
		if !ranBy(op, g) || !op.Blocks() || len(op.Chans) != 1 {
			continue
		}
		for _, k := range kinds {
			if op.Kind == k {
				out = append(out, op)
			}
		}
	}
	return out
}

// plainOpAt returns a predicate for findWay's cut: the instruction is a
// plain (non-select) operation of one of the kinds on ch.
func plainOpAt(ch *chanmodel.Chan, kinds ...chanmodel.Kind) func(ssa.Instruction) bool {
	at := make(map[ssa.Instruction]bool)
	for _, o := range ch.Ops {
		for _, k := range kinds {
			if o.Kind == k && o.Select == nil {
				at[o.Instr] = true
			}
		}
	}
	return func(instr ssa.Instruction) bool { return at[instr] }
}

// blockedOn says where a goroutine blocks: "on this send", or, for an
// operation inside a callee of another package, "in this call to p.F,
// which sends on the channel".
func (c *checker) blockedOn(op *chanmodel.Op) string {
	if op.Callee == nil {
		return "on this " + op.Kind.String()
	}
	verb := map[chanmodel.Kind]string{
		chanmodel.Send:  "sends on",
		chanmodel.Recv:  "receives from",
		chanmodel.Range: "ranges over",
	}[op.Kind]
	return fmt.Sprintf("in this call to %s, which %s the channel", funcName(op.Callee), verb)
}

// funcName names a function of another package as its callers write it:
// pkg.F, or (*pkg.T).M for a method.
func funcName(fn *ssa.Function) string {
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil {
		return fn.Name()
	}
	qual := func(p *types.Package) string { return p.Name() }
	if recv := obj.Origin().Signature().Recv(); recv != nil {
		return "(" + types.TypeString(recv.Type(), qual) + ")." + obj.Name()
	}
	return obj.Pkg().Name() + "." + obj.Name()
}

// started is the related location of the go statement, unless the report
// is already there.
func started(g *chanmodel.Goroutine, at token.Pos) []analysis.RelatedInformation {
	if g.Pos() == at {
		return nil
	}
	return []analysis.RelatedInformation{{Pos: g.Pos(), Message: "goroutine started here"}}
}

// spawnedMore reports whether g's entry may run in more than one goroutine
// or be called in other ways.
func (c *checker) spawnedMore(g *chanmodel.Goroutine) bool {
	if g.Entry == nil {
		return true
	}
	return len(c.calls[g.Entry]) != 1 || len(c.closures[g.Entry]) > 1 || (g.Entry.Parent() == nil && g.Entry.Object() != nil && g.Entry.Object().Exported())
}

// refersTo reports whether v may be the channel ch.
func (c *checker) refersTo(v ssa.Value, ch *chanmodel.Chan) bool {
	for _, x := range c.model.ChansOf(v) {
		if x == ch {
			return true
		}
	}
	return false
}

// describeWay renders how the function leaves and where.
func (c *checker) describeWay(w *way) (string, token.Pos) {
	line := func(p token.Pos) int { return c.pass.Fset.Position(p).Line }
	if w.sel != nil {
		if w.state < 0 {
			return fmt.Sprintf("take the default case of its select and return at line %d", line(w.ret.Pos())), w.sel.Pos()
		}
		st := w.sel.States[w.state]
		return fmt.Sprintf("return on %s at line %d", c.exprAt(st.Pos, "another select case"), line(st.Pos)), st.Pos
	}
	pos := w.ret.Pos()
	if !pos.IsValid() {
		return "return", w.ret.Parent().Pos()
	}
	return fmt.Sprintf("return at line %d", line(pos)), pos
}

// exprAt returns the source of the channel operation at pos ("<-ctx.Done()").
func (c *checker) exprAt(pos token.Pos, fallback string) string {
	if f := c.fileOf(pos); f != nil {
		path, _ := astutil.PathEnclosingInterval(f, pos, pos+1)
		for _, n := range path {
			switch n := n.(type) {
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					return types.ExprString(n)
				}
			case *ast.SendStmt:
				return types.ExprString(n.Chan) + " <- " + types.ExprString(n.Value)
			}
		}
	}
	return fallback
}

func (c *checker) fileOf(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			return f
		}
	}
	return nil
}
