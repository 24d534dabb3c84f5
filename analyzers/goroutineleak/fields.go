package goroutineleak

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/chanmodel"
	"github.com/conclint/conclint/internal/ssacfg"
)

// ---- sub-case 7: goroutines that wait on struct fields nobody wakes ----
//
// The channel model's field summaries (chanmodel.Field) list every
// operation on an unexported channel, Cond or WaitGroup field of a type of
// the package. A background goroutine (started by a constructor or Start,
// through a method value or a helper) blocks forever when
//   - it ranges over a field channel that nothing closes, and the loop has
//     no other exit;
//   - every way out of a function it runs passes a receive from a field
//     channel that nothing sends on or closes (the stop channel Stop
//     forgets to close; a ticker or timer case leads back into the loop);
// and a goroutine waiting on a field Cond stays asleep when the flag its
// wait loop tests is set without a Signal or Broadcast.

// bodyFuncs returns the functions g may run, in position order.
func (c *checker) bodyFuncs(g *chanmodel.Goroutine) []*ssa.Function {
	var out []*ssa.Function
	for f := range c.model.Body(g) {
		if !tooBig(f) {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos() < out[j].Pos() })
	return out
}

// knownField returns the field summary of a channel operation's operand
// when the operation selects an unexported channel field whose every
// operation is known (see chanmodel.Field) and that the package stores a
// channel in.
func (c *checker) knownField(op *chanmodel.Op) *chanmodel.Field {
	if op.Callee != nil || op.Async {
		return nil
	}
	f, _ := c.model.FieldOf(op.Value)
	if f == nil || f.Kind != chanmodel.ChanField || f.Unknown || !f.Stored() {
		return nil // out of sight, or never set: nil, or set where we do not look
	}
	return f
}

func (c *checker) checkFieldRanges(g *chanmodel.Goroutine) {
	for _, fn := range c.bodyFuncs(g) {
		for _, op := range c.model.OpsIn(fn) {
			if op.Kind != chanmodel.Range {
				continue
			}
			f := c.knownField(op)
			if f == nil || f.Has(chanmodel.FieldClose) || !c.rangeEndsOnlyOnClose(op) {
				continue // someone may close it, or the loop has another exit
			}
			rel := started(g, op.Pos)
			for _, m := range f.OpsOf(chanmodel.FieldMake) {
				rel = append(rel, analysis.RelatedInformation{Pos: m.Pos, Message: "channel made here"})
				break
			}
			c.diags = append(c.diags, analysis.Diagnostic{
				Pos:      op.Pos,
				Category: catRecv,
				Message:  fmt.Sprintf("goroutine can block forever on this range: nothing closes %s, and the loop has no other exit", f.Name()),
				Related:  rel,
			})
		}
	}
}

// dead reports whether a receive can never proceed: its operand selects a
// known field channel that nothing sends on or closes.
func (c *checker) dead(op *chanmodel.Op) *chanmodel.Field {
	if op.Kind != chanmodel.Recv {
		return nil
	}
	f := c.knownField(op)
	if f == nil || f.Has(chanmodel.FieldSend, chanmodel.FieldClose) {
		return nil
	}
	return f
}

func (c *checker) checkFieldStops(g *chanmodel.Goroutine) {
	for _, fn := range c.bodyFuncs(g) {
		deadAt := make(map[ssa.Instruction]map[int]*chanmodel.Field) // select (or receive) → state → field
		var first *chanmodel.Op
		var firstField *chanmodel.Field
		for _, op := range c.model.OpsIn(fn) {
			f := c.dead(op)
			if f == nil {
				continue
			}
			if deadAt[op.Instr] == nil {
				deadAt[op.Instr] = make(map[int]*chanmodel.Field)
			}
			k := -1
			if op.Select != nil {
				k = op.State
			}
			deadAt[op.Instr][k] = f
			if first == nil {
				first, firstField = op, f
			}
		}
		if first == nil || !returns(fn) {
			continue // nothing dead, or a loop that is not meant to end
		}
		w := findWay(search{
			fn: fn,
			cut: func(instr ssa.Instruction) bool {
				_, ok := deadAt[instr][-1]
				return ok
			},
			relevant: func(sel *ssa.Select) bool { return deadAt[sel] != nil },
			cutCase: func(sel *ssa.Select, k int) bool {
				_, ok := deadAt[sel][k]
				return ok
			},
			impossible: c.impossible,
		})
		if w != nil {
			continue // a way out that does not need the dead channel
		}
		c.diags = append(c.diags, analysis.Diagnostic{
			Pos:      first.Pos,
			Category: catRecv,
			Message:  fmt.Sprintf("goroutine can never return: its only way out is this receive from %s, and nothing sends on or closes the channel", firstField.Name()),
			Related:  started(g, first.Pos),
		})
	}
}

// returns reports whether fn has a reachable return.
func returns(fn *ssa.Function) bool {
	if len(fn.Blocks) == 0 {
		return false
	}
	for b := range ssacfg.Reach(ssacfg.Succs, fn.Blocks[0]) {
		if n := len(b.Instrs); n > 0 {
			if _, ok := b.Instrs[n-1].(*ssa.Return); ok {
				return true
			}
		}
	}
	return false
}

// checkCondFlags reports a store of true into a bool field that a Cond's
// wait loop tests, in a method that wakes no waiter of that Cond.
func (c *checker) checkCondFlags() {
	for _, cf := range c.model.Fields {
		if cf.Kind != chanmodel.CondField || cf.Unknown {
			continue
		}
		tested := make(map[flagExit]*chanmodel.FieldOp) // flag and the value that ends the wait → a wait that tests it
		waiters := make(map[*ssa.Function]bool)
		for _, w := range cf.OpsOf(chanmodel.FieldCondWait) {
			waiters[w.Fn] = true
			if w.Base == nil || lifetimeOfProcess(w.Fn) {
				continue
			}
			for _, v := range loopFlags(w) {
				if tested[v] == nil {
					tested[v] = w
				}
			}
		}
		if len(tested) == 0 || c.broadcastInGoroutine(cf) {
			continue // no flag, or a background goroutine broadcasts (woken by what the setter does next)
		}
		for _, fn := range c.ssa.SrcFuncs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					st, ok := instr.(*ssa.Store)
					if !ok {
						continue
					}
					fa, ok := st.Addr.(*ssa.FieldAddr)
					k, isConst := st.Val.(*ssa.Const)
					if !ok || !isConst || k.Value == nil || waiters[fn] {
						continue // not a constant, or a waiter leaving on its own
					}
					v := ssacfg.FieldOf(fa.X.Type(), fa.Field)
					if v == nil {
						continue
					}
					w := tested[flagExit{v.Origin(), k.Value.String() == "true"}]
					if w == nil || c.model.Receiver(fa.X) == nil || c.wakes(cf, st, 0) {
						continue // not a value that ends a wait, a fresh object, or waiters are woken
					}
					c.diags = append(c.diags, analysis.Diagnostic{
						Pos:      st.Pos(),
						Category: catCond,
						Message: fmt.Sprintf("%s is set without Broadcast on %s: goroutines waiting at line %d until it changes are not woken",
							fieldName(fa), cf.Name(), c.pass.Fset.Position(w.Pos).Line),
						Related: []analysis.RelatedInformation{{Pos: w.Pos, Message: "waits here in a loop that tests the flag"}},
					})
				}
			}
		}
	}
}

func fieldName(fa *ssa.FieldAddr) string {
	v := ssacfg.FieldOf(fa.X.Type(), fa.Field)
	t := fa.X.Type()
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && v != nil {
		return n.Obj().Name() + "." + v.Name()
	}
	if v != nil {
		return v.Name()
	}
	return "the field"
}

// flagExit is a bool field and the value of it that ends a wait loop.
type flagExit struct {
	v    *types.Var
	exit bool
}

// broadcastInGoroutine reports whether a goroutine of the package may
// Broadcast on cf: a reader or cleanup loop that wakes the waiters when
// the connection the setter closes fails.
func (c *checker) broadcastInGoroutine(cf *chanmodel.Field) bool {
	for _, g := range c.model.Goroutines {
		body := c.model.Body(g)
		for _, o := range cf.OpsOf(chanmodel.FieldBroadcast) {
			if body[o.Fn] {
				return true
			}
		}
	}
	return false
}

// loopFlags returns the bool fields of the wait's object that a condition
// leaving its loop tests directly (flag or !flag), with the value that
// leaves.
func loopFlags(w *chanmodel.FieldOp) []flagExit {
	loop := loopOf(w.Instr.Block())
	if loop == nil {
		return nil
	}
	root := w.Base
	var out []flagExit
	for b := range loop {
		if len(b.Instrs) == 0 || len(b.Succs) != 2 {
			continue
		}
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		// The branch that leaves: true (Succs[0]) or false (Succs[1]).
		var leavesOn bool
		switch {
		case !loop[b.Succs[0]] && loop[b.Succs[1]]:
			leavesOn = true
		case loop[b.Succs[0]] && !loop[b.Succs[1]]:
			leavesOn = false
		default:
			continue
		}
		cond := iff.Cond
		if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
			cond, leavesOn = u.X, !leavesOn
		}
		u, ok := cond.(*ssa.UnOp)
		if !ok || u.Op != token.MUL {
			continue
		}
		fa, ok := u.X.(*ssa.FieldAddr)
		if !ok || !sameObject(fa.X, root) {
			continue
		}
		if fv := ssacfg.FieldOf(fa.X.Type(), fa.Field); fv != nil {
			if bt, ok := fv.Type().Underlying().(*types.Basic); ok && bt.Kind() == types.Bool {
				out = append(out, flagExit{fv.Origin(), leavesOn})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].v.Pos() < out[j].v.Pos() })
	return out
}

// sameObject reports whether two struct pointers of one function are the
// same value, up to loads of the captured variable holding it.
func sameObject(a, b ssa.Value) bool {
	strip := func(v ssa.Value) ssa.Value {
		for i := 0; i < 4; i++ {
			u, ok := v.(*ssa.UnOp)
			if !ok {
				break
			}
			v = u.X
		}
		return v
	}
	return a == b || strip(a) == strip(b)
}

// wakes reports whether a Signal or Broadcast of cf may follow the store
// st: in st's function after it, in a function it calls, or (for an
// unexported function) after every call of it.
func (c *checker) wakes(cf *chanmodel.Field, st ssa.Instruction, depth int) bool {
	fn := st.Parent()
	region := c.model.Region(fn)
	if region == nil {
		return true // over budget: assume so
	}
	for _, o := range cf.OpsOf(chanmodel.FieldSignal, chanmodel.FieldBroadcast) {
		if o.Fn == fn && ssacfg.MayFollow(st, o.Instr) || o.Fn != fn && region[o.Fn] {
			return true
		}
	}
	if depth >= 2 {
		return false
	}
	if obj := fn.Object(); obj != nil && obj.Exported() {
		return false
	}
	sites := c.model.CallSites(fn)
	if len(sites) == 0 {
		return false
	}
	for _, s := range sites {
		if _, isGo := s.(*ssa.Go); isGo || !c.wakes(cf, s, depth+1) {
			return false
		}
	}
	return true
}
