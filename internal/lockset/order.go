package lockset

import (
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/ssacfg"
)

// OrderEdge is a lock-order edge born in a function of this package: the
// function holds From on every path while it acquires To, directly or
// through a call whose callee acquires it. An edge a callee takes entirely
// inside itself (both locks in the callee) is born in the callee: every
// edge is born exactly once, in the function that holds From. Lockorder
// reads them through [Result.OrderEdges].
type OrderEdge struct {
	Fn *ssa.Function
	// FromClass and Class are the locks' order classes: Key.Class refined
	// by the chain of value fields from the outermost named struct (or
	// global) that contains the lock, so that c.in.Mutex and c.out.Mutex
	// (two halfConn values embedded in one Conn) are "pkg.Conn.in.Mutex"
	// and "pkg.Conn.out.Mutex" where Key.Class says "pkg.halfConn.Mutex"
	// for both. A lock reached through a pointer starts a new chain at the
	// pointee's type. Never empty.
	FromClass, Class string
	FromMode, Mode   Mode // how From is held (Write, Read or Mixed) and how To is acquired
	FromPos          token.Pos
	// Pos is the acquisition of To in Fn: the Lock call, or the call
	// through which a callee acquires it.
	Pos token.Pos
	// Inner is the Lock call of To at the end of the call chain when it
	// is in this package (Pos for a direct acquisition), else NoPos.
	Inner token.Pos
	Where string   // "file.go:12" of the innermost Lock call
	Via   []string // the call chain from Fn to the innermost Lock call, outermost first; nil when direct
	// Gates are the other locks held on every path at Pos (neither From
	// nor To), by order class, sorted: two edges that share a gate in
	// conflicting modes cannot run at the same time.
	Gates []Gate
	// FromOwned and ToOwned: the lock lives in a value allocated in Fn
	// (an ssa.Alloc: a new object or a local variable), which no other
	// goroutine can be holding unless it has escaped.
	FromOwned, ToOwned bool
	// Reacquire: the callee re-acquires To after releasing it (its
	// caller's lock, "drop the lock while waiting"): the edge exists
	// only when the caller already held To.
	Reacquire bool
	// Dying: every path from the acquisition ends in a panic (neither a
	// return nor a loop is reachable): an error path.
	Dying bool
	// FlagGate is the completion flag (as written, "c.done") of a
	// once-initialisation under a lock that keeps this edge apart from
	// later ones: the acquisition of To is dominated by two early returns
	// on the same boolean field of the lock's owner (the double-checked
	// "if c.done { return }" before and after taking From), so it runs
	// only until the initialisation completes; FlagWhere is the second
	// check. Empty for other edges.
	FlagGate, FlagWhere string
	// Note says how To is acquired when it is not by Fn's own code or
	// callees: "in a callback: F calls it at f.go:12 while holding X"
	// (From is held by F, a function Fn calls, while it runs code Fn
	// passed to it). Via is then the chain inside the callback.
	Note string
}

// InvokeClass is the pseudo order class of a call of method method of the
// named interface iface ("pkgpath.Name"): an edge X → InvokeClass(I, M)
// says that I.M is called while X is held. It names no lock; lockorder
// resolves it against the implementations it can see ([Result.ImplEdges]).
func InvokeClass(iface, method string) string { return "call " + iface + "." + method }

// ParseInvokeClass splits a pseudo class made by [InvokeClass].
func ParseInvokeClass(class string) (iface, method string, ok bool) {
	rest, ok := strings.CutPrefix(class, "call ")
	if !ok {
		return "", "", false
	}
	i := strings.LastIndexByte(rest, '.')
	if i <= 0 {
		return "", "", false
	}
	return rest[:i], rest[i+1:], true
}

// Gate is a lock held around a lock-order edge.
type Gate struct {
	Class string
	Mode  Mode
}

// noteOrder records a lock-order edge born here for lockorder, with the
// other locks held on every path (gates) and whether the locks are owned.
func (a *funcAnalysis) noteOrder(s state, b *ssa.BasicBlock, from, k Key, fromMode, m Mode, fromPos, pos, inner token.Pos, where string, via []string, reacquire bool) {
	if a.orderSkip[from] {
		return // the callee releases from before it may acquire k
	}
	e := OrderEdge{
		Fn: a.fn, FromClass: a.orderClass(from), Class: a.orderClass(k), FromMode: fromMode, Mode: m,
		FromPos: fromPos, Pos: pos, Inner: inner, Where: where,
		Via: append([]string(nil), via...), FromOwned: owned(from), ToOwned: owned(k),
		Reacquire: reacquire,
	}
	e.FlagGate, e.FlagWhere = a.flagGate(b, from, k)
	a.addOrder(e, s, b, from, k)
}

// flagGate looks for the double-checked completion flag of a
// once-initialisation guarding an acquisition in block b of a lock owned
// with from or k: two strict dominators of b that branch on the same
// boolean field of that owner (a load, an atomic.Bool Load, or an atomic
// load compared with a constant), where one side returns without reaching
// b and the other dominates b. It returns the flag as written and where
// the nearest check is.
func (a *funcAnalysis) flagGate(b *ssa.BasicBlock, from, k Key) (string, string) {
	type check struct {
		owner Key
		field string
		pos   token.Pos
	}
	var seen []check
	for d, n := b.Idom(), 0; d != nil && n < 64; d, n = d.Idom(), n+1 {
		ifi, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok || len(d.Succs) != 2 {
			continue
		}
		owner, field, pos, ok := a.flagOf(ifi.Cond)
		if !ok || !reaches(owner, from) && !reaches(owner, k) {
			continue
		}
		var exit *ssa.BasicBlock
		switch {
		case d.Succs[0].Dominates(b) && exitsBefore(d.Succs[1], b):
			exit = d.Succs[1]
		case d.Succs[1].Dominates(b) && exitsBefore(d.Succs[0], b):
			exit = d.Succs[0]
		}
		if exit == nil {
			continue
		}
		for _, c := range seen {
			if c.owner == owner && c.field == field {
				return a.name(owner) + "." + field, a.where(seen[0].pos)
			}
		}
		seen = append(seen, check{owner, field, pos})
	}
	return "", ""
}

// flagOf recognises a test of a boolean field: x.f, x.f.Load() on an
// atomic.Bool, or atomic.LoadUint32(&x.f) (or x.f.Load() on an atomic
// integer) compared with a constant; negations are followed.
func (a *funcAnalysis) flagOf(cond ssa.Value) (Key, string, token.Pos, bool) {
	for {
		u, ok := cond.(*ssa.UnOp)
		if !ok || u.Op != token.NOT {
			break
		}
		cond = u.X
	}
	if bin, ok := cond.(*ssa.BinOp); ok && (bin.Op == token.EQL || bin.Op == token.NEQ) {
		x := bin.X
		if _, ok := x.(*ssa.Const); ok {
			x = bin.Y
		}
		cond = x
	}
	pos := token.NoPos
	if ip, ok := cond.(interface{ Pos() token.Pos }); ok {
		pos = ip.Pos()
	}
	var fa *ssa.FieldAddr
	switch x := cond.(type) {
	case *ssa.UnOp:
		if x.Op == token.MUL {
			fa, _ = x.X.(*ssa.FieldAddr)
		}
	case *ssa.Call:
		callee := x.Call.StaticCallee()
		if callee == nil || callee.Pkg == nil || callee.Pkg.Pkg == nil || callee.Pkg.Pkg.Path() != "sync/atomic" || len(x.Call.Args) != 1 {
			break
		}
		if !strings.HasPrefix(callee.Name(), "Load") {
			break
		}
		fa, _ = x.Call.Args[0].(*ssa.FieldAddr)
	}
	if fa == nil {
		return Key{}, "", token.NoPos, false
	}
	f := ssacfg.FieldOf(fa.X.Type(), fa.Field)
	if f == nil {
		return Key{}, "", token.NoPos, false
	}
	owner, ok := a.r.key(fa.X)
	if !ok {
		return Key{}, "", token.NoPos, false
	}
	return owner, f.Name(), pos, true
}

// exitsBefore reports whether every path from s returns (or ends)
// without reaching b: an early return.
func exitsBefore(s, b *ssa.BasicBlock) bool {
	reach := ssacfg.Reach(ssacfg.Succs, s)
	if reach[b] {
		return false
	}
	for x := range reach {
		if _, ok := x.Instrs[len(x.Instrs)-1].(*ssa.Return); ok {
			return true
		}
	}
	return false
}

// addOrder completes e with the gates (the locks held on every path in s
// other than the skipped ones) and whether it is on a dying path, and
// records it.
func (a *funcAnalysis) addOrder(e OrderEdge, s state, b *ssa.BasicBlock, skip ...Key) {
	e.Dying = !a.isLive(b)
	if len(s) > 0 {
	held:
		for g := range s[0].held {
			if g.Class == "" {
				continue
			}
			for _, k := range skip {
				if g == k {
					continue held
				}
			}
			if h, ok := s.mustHeld(g); ok {
				e.Gates = append(e.Gates, Gate{Class: a.orderClass(g), Mode: h.Mode})
			}
		}
	}
	sort.Slice(e.Gates, func(i, j int) bool {
		if e.Gates[i].Class != e.Gates[j].Class {
			return e.Gates[i].Class < e.Gates[j].Class
		}
		return e.Gates[i].Mode < e.Gates[j].Mode
	})
	a.order = append(a.order, e)
}

// entryGates adds to each lock-order edge, as gates, the locks every
// caller of its function holds on entry (HeldOnEntry): a helper that
// takes A then B only ever runs under its callers' lock G, so its edge
// cannot meet an opposite edge also taken under G.
func (r *Result) entryGates() {
	for i := range r.order {
		e := &r.order[i]
		entry := r.HeldOnEntry(e.Fn)
		if len(entry) == 0 {
			continue
		}
		fa := &funcAnalysis{fn: e.Fn}
	locks:
		for _, h := range entry {
			class := fa.orderClass(h.Key)
			if class == "" || class == e.FromClass || class == e.Class {
				continue
			}
			for _, g := range e.Gates {
				if g.Class == class {
					continue locks
				}
			}
			e.Gates = append(e.Gates, Gate{Class: class, Mode: h.Mode})
		}
		sort.Slice(e.Gates, func(i, j int) bool {
			if e.Gates[i].Class != e.Gates[j].Class {
				return e.Gates[i].Class < e.Gates[j].Class
			}
			return e.Gates[i].Mode < e.Gates[j].Mode
		})
	}
}

// owned reports whether k lives in a value allocated by the function
// itself (a new object or a local variable).
func owned(k Key) bool {
	if k.Base != BaseLocal {
		return false
	}
	_, ok := k.Val.(*ssa.Alloc)
	return ok
}

// isLive reports whether b can reach a return or a loop (a block that can
// reach itself). Blocks that cannot only lead to panics.
func (a *funcAnalysis) isLive(b *ssa.BasicBlock) bool {
	if a.live == nil {
		a.live = map[*ssa.BasicBlock]bool{}
		var work []*ssa.BasicBlock
		seed := func(x *ssa.BasicBlock) {
			if !a.live[x] {
				a.live[x] = true
				work = append(work, x)
			}
		}
		for _, x := range a.fn.Blocks {
			if _, ok := x.Instrs[len(x.Instrs)-1].(*ssa.Return); ok {
				seed(x)
			}
			for _, s := range x.Succs {
				if s.Dominates(x) { // back edge: x is in a loop
					seed(x)
				}
			}
		}
		for len(work) > 0 {
			x := work[len(work)-1]
			work = work[:len(work)-1]
			for _, p := range x.Preds {
				seed(p)
			}
		}
	}
	return a.live[b]
}

// orderClass is k's order class (see [OrderEdge]): the type path of value
// fields from the outermost named struct or global containing the lock,
// or k.Class when the path cannot be followed.
func (a *funcAnalysis) orderClass(k Key) string {
	var cur types.Type
	owner := ""
	inOwner := false // cur addresses (or is) storage inside owner
	switch k.Base {
	case BaseParam:
		if k.Index < len(a.fn.Params) {
			cur = a.fn.Params[k.Index].Type()
		}
	case BaseFreeVar:
		if k.Index < len(a.fn.FreeVars) {
			cur = a.fn.FreeVars[k.Index].Type()
		}
	case BaseGlobal:
		if g := a.global(k.Name); g != nil {
			cur, owner, inOwner = g.Type(), k.Name, true
		}
	case BaseLocal:
		if k.Val != nil {
			cur = k.Val.Type()
		}
	}
	if cur == nil {
		return k.Class
	}
	var chain []string
	for path := k.Path; path != ""; {
		switch path[0] {
		case '*':
			p, ok := cur.Underlying().(*types.Pointer)
			if !ok {
				return k.Class
			}
			cur, inOwner = p.Elem(), false
			path = path[1:]
		case '.':
			i := strings.IndexAny(path[1:], ".*[")
			if i < 0 {
				i = len(path) - 1
			}
			name := path[1 : i+1]
			path = path[i+1:]
			t, ptr := cur, false
			if p, ok := t.Underlying().(*types.Pointer); ok {
				t, ptr = p.Elem(), true
			}
			st, ok := t.Underlying().(*types.Struct)
			if !ok {
				return k.Class
			}
			var f *types.Var
			for j := 0; j < st.NumFields(); j++ {
				if st.Field(j).Name() == name {
					f = st.Field(j)
					break
				}
			}
			if f == nil {
				return k.Class
			}
			if !inOwner {
				n, ok := types.Unalias(t).(*types.Named)
				if !ok || n.Obj() == nil {
					return k.Class // an unnamed struct reached through a pointer
				}
				n = n.Origin()
				owner = n.Obj().Name()
				if n.Obj().Pkg() != nil {
					owner = n.Obj().Pkg().Path() + "." + owner
				}
				chain, inOwner = nil, true
			}
			chain = append(chain, name)
			cur = f.Type()
			if ptr {
				cur = types.NewPointer(cur)
			}
		default: // "[k]": arrays of locks keep the engine's class
			return k.Class
		}
	}
	if owner == "" || len(chain) == 0 {
		return k.Class
	}
	return owner + "." + strings.Join(chain, ".")
}

// global finds the package-level variable "pkgpath.name" in the program.
func (a *funcAnalysis) global(name string) *ssa.Global {
	i := strings.LastIndexByte(name, '.')
	if i < 0 || a.fn.Prog == nil {
		return nil
	}
	p := a.fn.Pkg // buildssa does not make the package under analysis importable
	if p == nil || p.Pkg == nil || p.Pkg.Path() != name[:i] {
		p = a.fn.Prog.ImportedPackage(name[:i])
	}
	if p != nil {
		g, _ := p.Members[name[i+1:]].(*ssa.Global)
		return g
	}
	return nil
}
