package chanmodel

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/ssacfg"
	"github.com/conclint/conclint/internal/syncapi"
)

// # Threads: who runs a function
//
// The lifecycle questions ("which goroutine closes s.done", "is this close
// the only one") need to know which functions run on which goroutine. The
// model keeps a small call graph of the package: static calls, calls of
// function values it can resolve (a closure kept in a variable assigned
// once, a method value s.loop, a function passed to an unexported helper
// that runs it: the goFunc/startGoroutine helpers of servers), defers, and
// go statements. Region(fn) is what runs on fn's goroutine before fn
// returns; Goroutine.Runs is what a go statement starts.

// Budgets of the call graph.
const (
	maxResolveDepth = 6      // function-value resolution steps
	maxRegionWork   = 200000 // instructions scanned for all regions of a package
)

type callGraph struct {
	b        *builder
	sites    map[*ssa.Function][]ssa.CallInstruction // call sites (static or resolved) of each function
	closures map[*ssa.Function][]*ssa.MakeClosure
	onceArg  map[*ssa.Function]bool // passed to (*sync.Once).Do
	regions  map[*ssa.Function]map[*ssa.Function]bool
	budget   int
	resolved map[ssa.CallInstruction][]*ssa.Function
	static   map[*ssa.Function][]ssa.CallInstruction // static call sites
	params   map[*ssa.Parameter][]*ssa.Function      // memo of targets of parameters
}

func (b *builder) newCallGraph() *callGraph {
	g := &callGraph{
		b:        b,
		sites:    make(map[*ssa.Function][]ssa.CallInstruction),
		closures: make(map[*ssa.Function][]*ssa.MakeClosure),
		onceArg:  make(map[*ssa.Function]bool),
		regions:  make(map[*ssa.Function]map[*ssa.Function]bool),
		budget:   maxRegionWork,
		resolved: make(map[ssa.CallInstruction][]*ssa.Function),
		static:   make(map[*ssa.Function][]ssa.CallInstruction),
		params:   make(map[*ssa.Parameter][]*ssa.Function),
	}
	for _, fn := range b.funcs {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				switch in := instr.(type) {
				case *ssa.MakeClosure:
					if f, ok := in.Fn.(*ssa.Function); ok {
						g.closures[f] = append(g.closures[f], in)
					}
				case ssa.CallInstruction:
					if f := in.Common().StaticCallee(); f != nil {
						g.static[f] = append(g.static[f], in)
					}
				}
			}
		}
	}
	for _, fn := range b.funcs {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				c := ci.Common()
				if op, _ := syncapi.CallOp(c); op == syncapi.OnceDo && len(c.Args) == 2 {
					for _, f := range g.targets(c.Args[1], 0) {
						g.onceArg[f] = true
					}
				}
				if c.IsInvoke() {
					continue
				}
				for _, f := range g.targets(c.Value, 0) {
					g.sites[f] = append(g.sites[f], ci)
					g.resolved[ci] = append(g.resolved[ci], f)
				}
			}
		}
	}
	return g
}

// Callees returns the package functions a call instruction may call: its
// static callee, or the functions its function value resolves to.
func (m *Model) Callees(ci ssa.CallInstruction) []*ssa.Function {
	if m.graph == nil {
		return nil
	}
	return m.graph.resolved[ci]
}

// CallSites returns the call instructions (calls, defers, go statements)
// that call fn, statically or through a function value the model resolves.
func (m *Model) CallSites(fn *ssa.Function) []ssa.CallInstruction {
	if m.graph == nil {
		return nil
	}
	return m.graph.sites[fn]
}

// targets resolves a function value to the package functions it may be.
// Empty when it cannot tell.
func (g *callGraph) targets(v ssa.Value, depth int) []*ssa.Function {
	if depth > maxResolveDepth {
		return nil
	}
	switch x := v.(type) {
	case *ssa.Function:
		if f := g.method(x); f != nil {
			return []*ssa.Function{f}
		}
		if g.b.inPkg[x] && len(x.Blocks) > 0 {
			return []*ssa.Function{x}
		}
	case *ssa.MakeClosure:
		if f, ok := x.Fn.(*ssa.Function); ok {
			return g.targets(f, depth+1)
		}
	case *ssa.ChangeType:
		return g.targets(x.X, depth+1)
	case *ssa.FreeVar:
		if bv := ssacfg.Binding(x, g.closures[x.Parent()]); bv != nil {
			return g.targets(bv, depth+1)
		}
	case *ssa.UnOp:
		if a, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL {
			if st := onlyStore(a); st != nil {
				return g.targets(st, depth+1)
			}
		}
		if fv, ok := x.X.(*ssa.FreeVar); ok && x.Op == token.MUL {
			if bv := ssacfg.Binding(fv, g.closures[fv.Parent()]); bv != nil {
				if a, ok := bv.(*ssa.Alloc); ok {
					if st := onlyStore(a); st != nil {
						return g.targets(st, depth+1)
					}
				}
			}
		}
	case *ssa.Parameter:
		// A function parameter of an unexported helper that is only
		// called: the arguments of its call sites.
		if out, ok := g.params[x]; ok {
			return out
		}
		g.params[x] = nil // recursion: unknown
		fn := x.Parent()
		if fn.Parent() != nil || g.b.valuedFunc(fn) {
			return nil
		}
		idx := -1
		for i, p := range fn.Params {
			if p == x {
				idx = i
			}
		}
		var out []*ssa.Function
		for _, ci := range g.static[fn] {
			if idx < len(ci.Common().Args) {
				out = append(out, g.targets(ci.Common().Args[idx], depth+1)...)
			}
		}
		g.params[x] = out
		return out
	}
	return nil
}

// method returns the method a bound-method wrapper ((*T).m$bound) or a
// method-expression thunk calls, when it is a function of the package.
func (g *callGraph) method(f *ssa.Function) *ssa.Function {
	if !strings.HasPrefix(f.Synthetic, "bound method wrapper") && !strings.HasPrefix(f.Synthetic, "thunk") {
		return nil
	}
	for _, blk := range f.Blocks {
		for _, instr := range blk.Instrs {
			if ci, ok := instr.(ssa.CallInstruction); ok {
				if c := ci.Common().StaticCallee(); c != nil && g.b.inPkg[c] {
					return c
				}
			}
		}
	}
	return nil
}

// valuedFunc reports whether fn may be called from code the model cannot
// resolve: exported, or referenced as a value other than as a callee.
func (b *builder) valuedFunc(fn *ssa.Function) bool {
	if obj := fn.Object(); obj != nil && obj.Exported() {
		return true
	}
	if b.asValue == nil {
		b.asValue = make(map[*ssa.Function]bool)
		for _, caller := range b.funcs {
			for _, blk := range caller.Blocks {
				for _, instr := range blk.Instrs {
					var callee ssa.Value
					if c, ok := instr.(ssa.CallInstruction); ok {
						callee = c.Common().Value
					}
					var rands [8]*ssa.Value
					for _, op := range instr.Operands(rands[:0]) {
						if op == nil || *op == callee {
							continue
						}
						if f, ok := (*op).(*ssa.Function); ok {
							b.asValue[f] = true
						}
					}
				}
			}
		}
	}
	return b.asValue[fn]
}

func onlyStore(a *ssa.Alloc) ssa.Value {
	var val ssa.Value
	refs := a.Referrers()
	if refs == nil {
		return nil
	}
	for _, r := range *refs {
		if st, ok := r.(*ssa.Store); ok && st.Addr == a {
			if val != nil {
				return nil
			}
			val = st.Val
		}
	}
	return val
}

// Region returns the package functions that may run on the goroutine
// calling fn before fn returns: fn and what it calls or defers
// (statically, or through function values the model resolves),
// transitively. Functions started with go are not in it. It returns nil
// when the package's budget is spent.
func (m *Model) Region(fn *ssa.Function) map[*ssa.Function]bool {
	if m.graph == nil {
		return nil
	}
	g := m.graph
	if r, ok := g.regions[fn]; ok {
		return r
	}
	r := map[*ssa.Function]bool{fn: true}
	work := []*ssa.Function{fn}
	for len(work) > 0 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		for _, blk := range f.Blocks {
			g.budget -= len(blk.Instrs)
			if g.budget < 0 {
				g.regions[fn] = nil
				return nil
			}
			for _, instr := range blk.Instrs {
				switch instr.(type) {
				case *ssa.Call, *ssa.Defer:
				default:
					continue
				}
				for _, c := range g.resolved[instr.(ssa.CallInstruction)] {
					if !r[c] {
						r[c] = true
						work = append(work, c)
					}
				}
			}
		}
	}
	g.regions[fn] = r
	return r
}

// Body returns the functions a goroutine may run: the regions of the
// functions it starts with.
func (m *Model) Body(g *Goroutine) map[*ssa.Function]bool {
	out := make(map[*ssa.Function]bool)
	for _, f := range g.Runs {
		for x := range m.Region(f) {
			out[x] = true
		}
	}
	return out
}

// GoroutinesRunning returns the goroutines whose body may run fn.
func (m *Model) GoroutinesRunning(fn *ssa.Function) []*Goroutine {
	var out []*Goroutine
	for _, g := range m.Goroutines {
		for _, f := range g.Runs {
			if m.Region(f)[fn] {
				out = append(out, g)
				break
			}
		}
	}
	return out
}

// OnceOnly reports whether fn runs only as the callback of a sync.Once
// (once.Do(fn), once.Do(s.close), once.Do(func() {...})), directly or
// through callers that all run only so.
func (m *Model) OnceOnly(fn *ssa.Function) bool { return m.onceOnly(fn, 0) }

func (m *Model) onceOnly(fn *ssa.Function, depth int) bool {
	if m.graph == nil || depth > 3 {
		return false
	}
	g := m.graph
	if g.onceArg[fn] && len(g.sites[fn]) == 0 {
		return true
	}
	if g.b.valuedFunc(fn) && !g.onceArg[fn] {
		return false
	}
	sites := g.sites[fn]
	if len(sites) == 0 {
		return false
	}
	for _, s := range sites {
		if _, isGo := s.(*ssa.Go); isGo || !m.onceOnly(s.Parent(), depth+1) {
			return false
		}
	}
	return true
}

// Receiver resolves v, a struct pointer used in fn, to the receiver
// parameter of the method it comes from: the receiver itself, or a
// variable captured from it by closures (created at one place each). It
// returns nil for anything else (a parameter, a fresh allocation, a
// value loaded from elsewhere).
func (m *Model) Receiver(v ssa.Value) *ssa.Parameter {
	for i := 0; i < 16 && v != nil; i++ {
		switch x := v.(type) {
		case *ssa.Parameter:
			fn := x.Parent()
			if fn.Signature.Recv() != nil && len(fn.Params) > 0 && fn.Params[0] == x {
				return x
			}
			return nil
		case *ssa.FreeVar:
			if m.graph == nil {
				return nil
			}
			v = ssacfg.Binding(x, m.graph.closures[x.Parent()])
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return nil
			}
			switch a := x.X.(type) {
			case *ssa.Alloc:
				v = onlyStore(a)
			case *ssa.FreeVar:
				if m.graph == nil {
					return nil
				}
				bv := ssacfg.Binding(a, m.graph.closures[a.Parent()])
				al, ok := bv.(*ssa.Alloc)
				if !ok {
					return nil
				}
				v = onlyStore(al)
			default:
				return nil
			}
		case *ssa.ChangeType:
			v = x.X
		default:
			return nil
		}
	}
	return nil
}

// Guard is a set of reasons why an operation cannot run twice, or after
// another, on one instance.
type Guard uint8

const (
	// GuardOnce: the operation runs only inside a sync.Once callback.
	GuardOnce Guard = 1 << iota
	// GuardFlag: the operation runs only after a test of the object's
	// state: a field of the same object (a closed flag, a nil check of the
	// channel, an atomic), a bool method of it, or a receive from the
	// channel itself that found it open (the select-with-default idiom),
	// in its function or at every call of it.
	GuardFlag
	// GuardWaited: before the operation (a close), its function waits:
	// WaitGroup.Wait or a plain receive dominates it (the closer waits for
	// the senders).
	GuardWaited
	// GuardRecover: the operation's function defers a function that calls
	// recover: a panic of the operation (close of a closed channel, send
	// on a closed channel) is handled there.
	GuardRecover
)

// Guards returns the guards of a field operation.
func (m *Model) Guards(op *FieldOp) Guard {
	var g Guard
	if m.OnceOnly(op.Fn) {
		g |= GuardOnce
	}
	if op.Base != nil && m.flagGuarded(op.Instr, op.Base, 0) {
		g |= GuardFlag
	}
	if waitedBefore(op.Instr) {
		g |= GuardWaited
	}
	if m.recovers(op.Fn) {
		g |= GuardRecover
	}
	return g
}

// recovers reports whether fn defers a function of the package that calls
// recover.
func (m *Model) recovers(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			d, ok := instr.(*ssa.Defer)
			if !ok {
				continue
			}
			for _, f := range m.Callees(d) {
				for _, fb := range f.Blocks {
					for _, in := range fb.Instrs {
						if c, ok := in.(*ssa.Call); ok && syncapi.IsBuiltin(c.Common(), "recover") {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// flagGuarded reports whether instr runs only after a branch on the state
// of base's object, in its function or (for an unexported function whose
// every call site the model knows) at every call site.
func (m *Model) flagGuarded(instr ssa.Instruction, base ssa.Value, depth int) bool {
	if localFlag(instr, base) {
		return true
	}
	fn := instr.Parent()
	if depth >= 3 || m.graph == nil || m.graph.b.valuedFunc(fn) && fn.Signature.Recv() == nil {
		return false
	}
	if obj := fn.Object(); obj != nil && obj.Exported() {
		return false
	}
	sites := m.CallSites(fn)
	if len(sites) == 0 {
		return false
	}
	// The same object at the call site: the receiver argument when base
	// is fn's receiver, or the object the closure captures.
	for _, s := range sites {
		var b ssa.Value
		if p, ok := base.(*ssa.Parameter); ok {
			for i, q := range fn.Params {
				if q == p && i < len(s.Common().Args) {
					b = s.Common().Args[i]
				}
			}
		}
		if b == nil {
			b = base // a captured object: test it by its root at the caller
		}
		if !m.flagGuarded(s, b, depth+1) {
			return false
		}
	}
	return true
}

// localFlag reports whether instr's block is control dependent on a branch
// whose condition reads the state of base's object.
func localFlag(instr ssa.Instruction, base ssa.Value) bool {
	blk := instr.Block()
	if blk == nil {
		return false
	}
	root := rootOf(base)
	for _, b := range blk.Parent().Blocks {
		if len(b.Instrs) == 0 || len(b.Succs) != 2 {
			continue
		}
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		decides := false
		for _, s := range b.Succs {
			if len(s.Preds) == 1 && s.Dominates(blk) {
				decides = true
			}
		}
		if decides && stateOf(iff.Cond, root, 0) {
			return true
		}
	}
	return false
}

// rootOf strips loads of captured variables and conversions: the value
// that names an object across a function and its closures.
func rootOf(v ssa.Value) ssa.Value {
	for i := 0; i < 8; i++ {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op == token.MUL {
				if _, ok := x.X.(*ssa.FreeVar); ok {
					v = x.X
					continue
				}
				if _, ok := x.X.(*ssa.Alloc); ok {
					v = x.X
					continue
				}
			}
		}
		break
	}
	return v
}

// stateOf reports whether the condition v depends on the state of the
// object rooted at root: a field of it (at any depth) that is not a
// plain error, a bool method or atomic of it, or a receive from one of
// its channels in a select with other ways out or a comma-ok receive.
func stateOf(v ssa.Value, root ssa.Value, depth int) bool {
	if depth > 8 || v == nil {
		return false
	}
	switch x := v.(type) {
	case *ssa.UnOp:
		switch x.Op {
		case token.NOT:
			return stateOf(x.X, root, depth+1)
		case token.MUL:
			return rooted(x.X, root, 0)
		case token.ARROW:
			return x.CommaOk && rooted(x.X, root, 0)
		}
	case *ssa.Field:
		return rooted(x.X, root, 0)
	case *ssa.BinOp:
		return stateOf(x.X, root, depth+1) || stateOf(x.Y, root, depth+1)
	case *ssa.Extract:
		return stateOf(x.Tuple, root, depth+1)
	case *ssa.Select:
		for _, st := range x.States {
			if st.Dir == types.RecvOnly && rooted(st.Chan, root, 0) {
				return true
			}
		}
	case *ssa.Phi:
		for _, e := range x.Edges {
			if _, isConst := e.(*ssa.Const); !isConst && stateOf(e, root, depth+1) {
				return true
			}
		}
	case *ssa.Call:
		c := x.Common()
		if syncapi.IsBuiltin(c, "len") || syncapi.IsBuiltin(c, "cap") {
			// len(s.backlog) > 0: the size of the object's state.
			return len(c.Args) == 1 && rooted(c.Args[0], root, 0)
		}
		if op, _ := syncapi.CallOp(c); op == syncapi.AtomicRead || op == syncapi.AtomicWrite || op == syncapi.TryLock {
			for _, a := range c.Args {
				if rooted(a, root, 0) {
					return true
				}
			}
			if c.IsInvoke() && rooted(c.Value, root, 0) {
				return true
			}
		}
		if b, ok := x.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsBoolean != 0 {
			for _, a := range c.Args {
				if rooted(a, root, 0) {
					return true
				}
			}
		}
	}
	return false
}

// rooted reports whether v is a selection path from root (root, root.f,
// root.f.g, loads of them).
func rooted(v ssa.Value, root ssa.Value, depth int) bool {
	if depth > 8 || v == nil {
		return false
	}
	if rootOf(v) == root {
		return true
	}
	switch x := v.(type) {
	case *ssa.FieldAddr:
		return rooted(x.X, root, depth+1)
	case *ssa.Field:
		return rooted(x.X, root, depth+1)
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return rooted(x.X, root, depth+1)
		}
	case *ssa.ChangeType:
		return rooted(x.X, root, depth+1)
	}
	return false
}

// waitedBefore reports whether a WaitGroup.Wait or a plain receive comes
// before instr on every path through its function.
func waitedBefore(instr ssa.Instruction) bool {
	fn := instr.Parent()
	if fn == nil {
		return false
	}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			waits := false
			switch x := in.(type) {
			case *ssa.Call:
				op, _ := syncapi.CallOp(x.Common())
				waits = op == syncapi.WGWait || op == syncapi.ErrgroupWait
			case *ssa.UnOp:
				waits = x.Op == token.ARROW
			}
			if waits && ssacfg.Before(in, instr) {
				return true
			}
		}
	}
	return false
}
