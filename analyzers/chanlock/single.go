package chanlock

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/chanmodel"
	"github.com/conclint/conclint/internal/lockset"
	"github.com/conclint/conclint/internal/ssacfg"
)

// # One background goroutine on the other side
//
// The rule of check is "every counterpart needs the lock first". Real
// deadlocks come from a single background goroutine (a writer loop, a
// compactor, a delivery loop, a watcher) that takes the lock only on some
// path: after its receive (the next iteration then deadlocks), in one
// branch of its for-select, on its way to a deferred close(done). When that
// goroutine is the only counterpart, any path on which it needs the lock
// before it can serve the blocked operation is a deadlock: while it waits
// for the lock, nobody else can unblock the lock's holder.

// fieldOf is the declared field: in generic methods each receiver
// instantiates the type anew, and the field's origin identifies it.
func fieldOf(t types.Type, i int) *types.Var {
	if f := ssacfg.FieldOf(t, i); f != nil {
		return f.Origin()
	}
	return nil
}

// selectCase reports whether x is a case of a select without default
// that may still block on x alone: its other cases are receives from
// known field channels (whether their wakers need the lock is decided per
// lock by othersNeed).
func (c *checker) selectCase(x *site) bool {
	if x.mop == nil || x.mop.Op == nil || x.opaque || len(x.mop.Op.Chans) > 1 {
		return false
	}
	sel := x.mop.Op.Select
	if sel == nil || !sel.Blocking || len(sel.States) < 2 {
		return false
	}
	for i, st := range sel.States {
		if i == x.mop.Op.State {
			continue
		}
		if st.Dir != types.RecvOnly {
			return false
		}
		if f, _ := c.model.FieldOf(st.Chan); f == nil || f.Unknown || f.Kind != chanmodel.ChanField {
			return false
		}
	}
	return true
}

// othersNeed reports whether every other case of x's select can fire only
// through code that needs l first: each is a receive from a known field
// channel whose every send and close needs l (check's rule).
func (c *checker) othersNeed(x *site, l lock) bool {
	sel := x.mop.Op.Select
	for i, st := range sel.States {
		if i == x.mop.Op.State {
			continue
		}
		f, _ := c.model.FieldOf(st.Chan)
		if f == nil {
			return false
		}
		for _, o := range f.Ops {
			if o.Kind != chanmodel.FieldSend && o.Kind != chanmodel.FieldClose {
				continue
			}
			if o.Base == nil || o.Op == nil || o.Op.Callee != nil || o.Op.Async {
				return false
			}
			y := &site{kind: opClose, fn: o.Fn, instr: o.Instr, base: o.Base, mop: o}
			if ok, _ := c.need(y, l); !ok {
				return false
			}
		}
	}
	return true
}

// childOf reports whether the channel x operates on hangs off the lock's
// owner o: x runs in a method whose receiver is o, and x's object is read
// from o (r.subs[id].ch, range r.subs).
func (c *checker) childOf(x *site, o obj) bool {
	if x.base == nil || x.mop == nil {
		return false
	}
	recv := c.model.Receiver(o.root)
	if recv == nil || recv.Parent() != x.fn {
		return false
	}
	return derived(x.base, o.root, 0)
}

// derived reports whether v is computed from root by loads, field and
// element selections, map lookups and range iteration.
func derived(v, root ssa.Value, depth int) bool {
	if depth > 12 || v == nil {
		return false
	}
	if v == root {
		return false // the owner itself is not a child
	}
	switch x := v.(type) {
	case *ssa.UnOp:
		if x.Op != token.MUL {
			return false
		}
		return x.X == root || derived(x.X, root, depth+1)
	case *ssa.FieldAddr:
		return x.X == root || derived(x.X, root, depth+1)
	case *ssa.Field:
		return x.X == root || derived(x.X, root, depth+1)
	case *ssa.IndexAddr:
		return derived(x.X, root, depth+1)
	case *ssa.Index:
		return derived(x.X, root, depth+1)
	case *ssa.Lookup:
		return derived(x.X, root, depth+1)
	case *ssa.Extract:
		return derived(x.Tuple, root, depth+1)
	case *ssa.Next:
		return derived(x.Iter, root, depth+1)
	case *ssa.Range:
		return derived(x.X, root, depth+1)
	case *ssa.Phi:
		for _, e := range x.Edges {
			if e != v && derived(e, root, depth+1) {
				return true
			}
		}
	}
	return false
}

// ownerAt returns the object whose lock the counterpart y must take: the
// object holding the channel it operates on (s.mu next to s.ch), or for a
// child channel the receiver of y's method (the owner it was started for),
// or for locals the lock's owner as named at the blocked operation.
func (c *checker) ownerAt(y *site, l lock) (obj, bool) {
	switch {
	case l.child:
		recv := receiverOf(y.fn)
		if recv == nil {
			return obj{}, false
		}
		o := c.resolve(recv)
		o.path += l.owner.path
		return o, true
	case y.base != nil:
		return c.resolve(y.base), true
	}
	return l.owner, true
}

func receiverOf(fn *ssa.Function) *ssa.Parameter {
	if fn.Signature.Recv() == nil || len(fn.Params) == 0 {
		return nil
	}
	return fn.Params[0]
}

// mayNeed reports whether every counterpart runs on one goroutine, started
// once for the object (single), and that goroutine may take l before it
// reaches one of them: an acquisition of l on the object, in the
// counterpart's function, from which a counterpart (or, for a deferred one,
// a return) is reachable. It returns the counterpart and the acquisition.
func (c *checker) mayNeed(f *field, x *site, l lock, counter []*site) (*site, token.Pos, bool) {
	if c.model == nil {
		return nil, token.NoPos, false
	}
	if x.kind == opWGWait {
		// Wait needs every Done: one goroutine that may take l before
		// its Done is enough, however many there are.
		for _, y := range counter {
			if y.opaque || y.mop != nil && y.base == nil {
				continue
			}
			gs := c.model.GoroutinesRunning(y.fn)
			if len(gs) == 0 || c.model.Body(gs[0])[x.fn] {
				continue // a Done on the waiter's own goroutine, or not on a goroutine
			}
			if pos, ok := c.mayAcquireBefore(y, l); ok {
				return y, pos, true
			}
		}
		return nil, token.NoPos, false
	}
	var g *chanmodel.Goroutine
	for _, y := range counter {
		if y.opaque || y.base == nil && !l.child && y.mop != nil {
			return nil, token.NoPos, false
		}
		gy := c.single(f, y)
		if gy == nil || g != nil && gy != g {
			return nil, token.NoPos, false
		}
		g = gy
	}
	if g == nil || c.model.Body(g)[x.fn] {
		return nil, token.NoPos, false // the blocked side runs on that goroutine itself
	}
	for _, y := range counter {
		if pos, ok := c.mayAcquireBefore(y, l); ok {
			return y, pos, true
		}
	}
	return nil, token.NoPos, false
}

// mayAcquireBefore returns an acquisition of l (on the object the
// counterpart y must lock) in y's function from which y, or for a deferred
// y a return, is reachable.
func (c *checker) mayAcquireBefore(y *site, l lock) (token.Pos, bool) {
	{
		owner, ok := c.ownerAt(y, l)
		if !ok {
			return token.NoPos, false
		}
		targets := []ssa.Instruction{y.instr}
		if _, ok := y.instr.(*ssa.Defer); ok {
			targets = nil
			for _, b := range y.fn.Blocks {
				for _, in := range b.Instrs {
					switch in.(type) {
					case *ssa.Return, *ssa.RunDefers:
						targets = append(targets, in)
					}
				}
			}
		}
		for _, b := range y.fn.Blocks {
			for _, in := range b.Instrs {
				if !c.acquiresMode(in, owner, l, false) {
					continue
				}
				for _, t := range targets {
					if reachesAfter(in, t) {
						return in.Pos(), true
					}
				}
			}
		}
	}
	return token.NoPos, false
}

// reachesAfter reports whether t can run after a in their function.
func reachesAfter(a, t ssa.Instruction) bool {
	if a.Block() == t.Block() && ssacfg.Index(a) < ssacfg.Index(t) {
		return true
	}
	return ssacfg.ReachStrict(a.Block(), ssacfg.Succs)[t.Block()]
}

// single returns the goroutine that runs counterpart y when it is the only
// one that can: y's function is what a go statement starts, nothing else
// starts or calls it, the go statement is not in a loop, and it is started
// once per object: its arguments (or captured variables) are the
// spawner's receiver, objects the spawner just allocated, functions and
// constants, but no other data of the spawner's caller (a goroutine per
// request or connection: several may serve the channel).
func (c *checker) single(f *field, y *site) *chanmodel.Goroutine {
	gs := c.model.GoroutinesRunning(y.fn)
	if len(gs) != 1 {
		return nil
	}
	g := gs[0]
	if g.Kind != chanmodel.GoStmt || len(g.Runs) != 1 || g.Runs[0] != y.fn {
		return nil
	}
	for _, s := range c.model.CallSites(y.fn) {
		if s != g.Instr {
			return nil // called or started elsewhere too
		}
	}
	if ssacfg.ReachStrict(g.Instr.Block(), ssacfg.Succs)[g.Instr.Block()] {
		return nil // in a loop
	}
	spawner := g.Spawner
	if f.ch != nil {
		// A local channel made by the spawner, which starts the goroutine
		// once per call: it is the channel's only goroutine.
		if f.ch.Fn != spawner {
			return nil
		}
		return g
	}
	var vals []ssa.Value
	cc := g.Instr.Common()
	vals = append(vals, cc.Args...)
	if mc, ok := cc.Value.(*ssa.MakeClosure); ok {
		vals = append(vals, mc.Bindings...)
	}
	for _, v := range vals {
		if !c.perObject(v, spawner, 0) {
			return nil
		}
	}
	return g
}

// perObject reports whether a value handed to a goroutine by spawner
// belongs to the object rather than to one call: the spawner's receiver,
// a fresh allocation, a function, a constant or a global.
func (c *checker) perObject(v ssa.Value, spawner *ssa.Function, depth int) bool {
	if _, ok := v.Type().Underlying().(*types.Signature); ok {
		return true
	}
	switch x := v.(type) {
	case *ssa.Const, *ssa.Function, *ssa.Global:
		return true
	case *ssa.Alloc:
		if st := singleStore(x); st != nil && depth < 4 {
			// A variable captured by the closure: what it holds.
			if _, isPtr := x.Type().Underlying().(*types.Pointer); isPtr && x.Comment != "complit" {
				return c.perObject(st, spawner, depth+1)
			}
		}
		return stores(x) == 0 || x.Comment == "complit" // a fresh object
	case *ssa.Parameter:
		return x == receiverOf(spawner)
	case *ssa.MakeChan, *ssa.MakeMap, *ssa.MakeSlice, *ssa.MakeClosure:
		return true
	}
	o := c.resolve(v)
	switch r := o.root.(type) {
	case *ssa.Alloc:
		return true
	case *ssa.Parameter:
		return r == receiverOf(r.Parent()) && o.path == ""
	}
	return false
}

var _ = lockset.Write
