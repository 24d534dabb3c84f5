package chanlock

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/analyzerdoc"
	"github.com/conclint/conclint/internal/chanmodel"
	"github.com/conclint/conclint/internal/lockset"
	"github.com/conclint/conclint/internal/ssacfg"
	"github.com/conclint/conclint/internal/suppress"
	"github.com/conclint/conclint/internal/syncapi"
)

//go:embed doc.go
var doc string

// Analyzer reports blocking channel operations and WaitGroup waits
// performed while holding a lock that the other side needs first.
var Analyzer = &analysis.Analyzer{
	Name:     "chanlock",
	Doc:      analyzerdoc.MustExtract(doc, "chanlock"),
	URL:      analyzerdoc.URL("chanlock"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer, lockset.Analyzer, chanmodel.Analyzer},
	Run:      suppress.Run(run),
}

// Categories, one per sub-kind.
const (
	catSend = "send-under-lock"
	catRecv = "recv-under-lock"
	catWait = "wait-under-lock"
)

type opKind int

const (
	opSend opKind = iota + 1
	opRecv        // a receive, a range, or a receive case of a select
	opClose
	opWGDone  // wg.Done()
	opWGDefer // defer wg.Done(): runs at every return
	opWGWait
	opWGAdd
)

// wgKind classifies a WaitGroup call (deferred or not) on a modelled group;
// ok is false for uses the analyzer does not model (wg.Go, a deferred
// Wait or Add).
func wgKind(op syncapi.Op, deferred bool) (opKind, bool) {
	switch {
	case op == syncapi.WGDone && deferred:
		return opWGDefer, true
	case op == syncapi.WGDone:
		return opWGDone, true
	case op == syncapi.WGWait && !deferred:
		return opWGWait, true
	case op == syncapi.WGAdd && !deferred:
		return opWGAdd, true
	}
	return 0, false
}

// site is one operation on a tracked field (a channel or a WaitGroup).
type site struct {
	kind   opKind
	fn     *ssa.Function
	instr  ssa.Instruction
	base   ssa.Value          // the struct pointer whose field is operated on
	blocks bool               // waits on this object alone (not a select with other ways out)
	opaque bool               // runs in a callee or on a goroutine the pass does not follow
	mop    *chanmodel.FieldOp // the field operation, for fields of the channel model
}

// field is a channel or WaitGroup whose every use the pass has seen: a
// field of the channel model (chanmodel.Field), or a local channel or
// WaitGroup.
type field struct {
	v        *types.Var // nil for local channels and WaitGroups
	name     string     // for locals
	isWG     bool
	escapes  bool            // used in a way the pass cannot follow: silent
	buffered bool            // some make stored in it is buffered, or of unknown size
	recvOut  bool            // handed out receive-only: receivers may be elsewhere
	ch       *chanmodel.Chan // for local channels
	sites    []*site
}

// lock is a lock held at a blocking operation, anchored to the same
// object as the channel (base.mu next to base.ch) or a global.
type lock struct {
	held   lockset.HeldLock
	global string // BaseGlobal name, or ""
	fld    string // ".mu": the lock's field in owner
	owner  obj    // the object holding the lock, as seen at the blocked operation
	// child is set when the channel belongs to another object than the
	// lock: one the lock's owner reaches (a registry's lock, a
	// subscriber's channel). The counterpart must then take the lock of
	// the owner it was started for (see single).
	child bool
}

// checker is the per-pass context.
type checker struct {
	pass  *analysis.Pass
	res   *lockset.Result
	model *chanmodel.Model // nil when over budget or not needed
	order []*field
	// locals are channels and WaitGroups in local variables, whose
	// every operation is known (the same field type, keyed by nothing).
	locals   []*field
	closures map[*ssa.Function][]*ssa.MakeClosure
	diags    []analysis.Diagnostic
}

// run checks one package. A panic is turned into an error naming the
// analyzer, the package and the panic site by internal/isolate, like every
// analyzer of the suite.
func run(pass *analysis.Pass) (any, error) {
	defer explored(pass)()
	ssainfo, ok := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	if !ok || ssainfo == nil || ssainfo.Pkg == nil {
		return nil, nil
	}
	res, ok := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	if !ok || res == nil {
		return nil, nil
	}
	c := &checker{pass: pass, res: res, closures: map[*ssa.Function][]*ssa.MakeClosure{}}
	blocking := false
	for _, fn := range ssainfo.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				switch in := in.(type) {
				case *ssa.MakeClosure:
					f := in.Fn.(*ssa.Function)
					c.closures[f] = append(c.closures[f], in)
				case *ssa.Send, *ssa.Select:
					blocking = true
				case *ssa.UnOp:
					blocking = blocking || in.Op == token.ARROW
				case *ssa.Call:
					if op, _ := syncapi.CallOp(in.Common()); op == syncapi.WGWait {
						blocking = true
					}
				case *ssa.Alloc:
					c.localWG(in)
				}
			}
		}
	}
	if blocking {
		if r, ok := pass.ResultOf[chanmodel.Analyzer].(*chanmodel.Result); ok && r != nil {
			if m := r.Model(); m != nil && !m.Incomplete {
				c.model = m
			}
		}
	}
	if c.model != nil {
		c.modelFields()
		c.localChans()
	}
	for _, f := range c.order {
		c.check(f)
	}
	for _, f := range c.locals {
		c.check(f)
	}
	sort.SliceStable(c.diags, func(i, j int) bool { return c.diags[i].Pos < c.diags[j].Pos })
	for _, d := range c.diags {
		pass.Report(d)
	}
	return nil, nil
}

// modelFields adds the channel and WaitGroup fields of the channel model
// whose every operation is known (chanmodel.Field). An operation that
// reaches the field through another value (a helper given the channel)
// or runs in another package is a counterpart whose lock use the pass
// cannot tell (opaque), and never a blocked operation it reports.
func (c *checker) modelFields() {
	for _, mf := range c.model.Fields {
		if mf.Unknown || mf.Kind == chanmodel.CondField {
			continue // operations we cannot see
		}
		f := &field{v: mf.Var, isWG: mf.Kind == chanmodel.WaitGroupField, buffered: mf.Buffered, recvOut: mf.RecvOut}
		for _, o := range mf.Ops {
			s := &site{fn: o.Fn, instr: o.Instr, base: o.Base, mop: o}
			if o.Op != nil && (o.Op.Callee != nil || o.Op.Async) || o.Base == nil {
				s.opaque = true
			}
			switch o.Kind {
			case chanmodel.FieldSend:
				s.kind = opSend
			case chanmodel.FieldRecv, chanmodel.FieldRange:
				s.kind = opRecv
			case chanmodel.FieldClose:
				s.kind = opClose
			case chanmodel.FieldAdd:
				s.kind = opWGAdd
			case chanmodel.FieldWait:
				s.kind = opWGWait
				if o.Deferred {
					f.escapes = true // a deferred Wait: not modelled
				}
			case chanmodel.FieldDone:
				s.kind = opWGDone
				if o.Deferred {
					s.kind = opWGDefer
				}
			case chanmodel.FieldGo:
				f.escapes = true // wg.Go: not modelled
				continue
			default:
				continue // stores
			}
			s.blocks = !s.opaque && o.Blocks()
			if o.Op != nil && len(o.Op.Chans) > 1 {
				s.blocks = false // the operand may be another channel as well
			}
			f.sites = append(f.sites, s)
		}
		c.order = append(c.order, f)
	}
}

// localChans adds the channels of the channel model whose every operation
// is known: made in a function of the package, never escaping nor stored in
// a field or global, unbuffered.
func (c *checker) localChans() {
	for _, ch := range c.model.Chans {
		if !ch.Local() || ch.ThroughCalls() || ch.Cap != 0 {
			continue // operations we cannot see, or a buffer that may absorb them
		}
		f := &field{}
		for _, op := range ch.Ops {
			s := &site{fn: op.Fn, instr: op.Instr, blocks: op.Blocks() && !op.Async && op.Callee == nil,
				opaque: op.Async || op.Callee != nil}
			switch op.Kind {
			case chanmodel.Send:
				s.kind = opSend
			case chanmodel.Recv, chanmodel.Range:
				s.kind = opRecv
			case chanmodel.Close:
				s.kind = opClose
			default:
				continue
			}
			if len(op.Chans) != 1 {
				// The operand may be another channel as well: as a blocked
				// operation it may not be this one's.
				s.blocks = false
			}
			f.sites = append(f.sites, s)
		}
		f.name = nameOfChan(ch)
		f.ch = ch
		c.locals = append(c.locals, f)
	}
}

func nameOfChan(ch *chanmodel.Chan) string {
	for _, r := range *ch.Site.Referrers() {
		if st, ok := r.(*ssa.Store); ok {
			if a, ok := st.Addr.(*ssa.Alloc); ok && a.Comment != "" {
				return a.Comment
			}
		}
		if d, ok := r.(*ssa.DebugRef); ok {
			if id, ok := d.Expr.(*ast.Ident); ok {
				return id.Name
			}
		}
	}
	return "the channel"
}

// localWG adds a WaitGroup in a local variable (var wg sync.WaitGroup)
// when every use is Add, Done or Wait, in the function or in closures that
// capture it.
func (c *checker) localWG(a *ssa.Alloc) {
	t, ok := a.Type().Underlying().(*types.Pointer)
	if !ok {
		return
	}
	n, ok := t.Elem().(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" || n.Obj().Name() != "WaitGroup" {
		return
	}
	f := &field{isWG: true, name: a.Comment}
	var follow func(fn *ssa.Function, v ssa.Value, depth int)
	follow = func(fn *ssa.Function, v ssa.Value, depth int) {
		if depth > 4 {
			f.escapes = true
			return
		}
		for _, r := range *v.Referrers() {
			var call *ssa.CallCommon
			deferred := false
			switch r := r.(type) {
			case *ssa.Call:
				call = &r.Call
			case *ssa.Defer:
				call, deferred = &r.Call, true
			case *ssa.DebugRef:
				continue
			case *ssa.MakeClosure:
				cl := r.Fn.(*ssa.Function)
				for i, b := range r.Bindings {
					if b == v && i < len(cl.FreeVars) {
						follow(cl, cl.FreeVars[i], depth+1)
					}
				}
				continue
			default:
				f.escapes = true
				continue
			}
			op, recv := syncapi.CallOp(call)
			if recv != v {
				f.escapes = true
				continue
			}
			k, ok := wgKind(op, deferred)
			if !ok {
				f.escapes = true
				continue
			}
			f.sites = append(f.sites, &site{kind: k, fn: fn, instr: r, blocks: k == opWGWait})
		}
	}
	follow(a.Parent(), a, 0)
	if !f.escapes && len(f.sites) > 0 {
		c.locals = append(c.locals, f)
	}
}

// check reports the blocking operations on f done under a lock that every
// counterpart needs first.
func (c *checker) check(f *field) {
	if f.escapes || f.buffered {
		// Other operations may exist that we cannot see, or the buffer
		// may absorb the operation: silent (principle 2).
		return
	}
	for _, x := range f.sites {
		if !x.blocks && !c.selectCase(x) {
			continue // a select with other cases or a default: other ways out
		}
		var want func(*site) bool
		switch x.kind {
		case opSend:
			if f.recvOut {
				continue // receivers may be outside the package
			}
			want = func(s *site) bool { return s.kind == opRecv }
		case opRecv:
			want = func(s *site) bool { return s.kind == opSend || s.kind == opClose }
		case opWGWait:
			want = func(s *site) bool { return s.kind == opWGDone || s.kind == opWGDefer }
		default:
			continue
		}
		var counter []*site
		for _, s := range f.sites {
			if s != x && want(s) {
				counter = append(counter, s)
			}
		}
		if len(counter) == 0 {
			continue // nobody can unblock it: goroutineleak's business
		}
		for _, l := range c.anchoredLocks(x) {
			if !x.blocks && !c.othersNeed(x, l) {
				continue // another case of the select can fire without l
			}
			if c.tryReport(f, x, l, counter) {
				break // one report per operation
			}
		}
	}
}

// obj names an object across the functions of a goroutine and the
// closures it starts: a root SSA value (a parameter, a global, an
// allocation, ...) and the loads through pointers from it ("*"). A free
// variable of a closure created at exactly one place resolves to the value
// bound there, so s in a go func literal is the s of the spawner.
type obj struct {
	root ssa.Value
	path string
}

func (c *checker) resolve(v ssa.Value) obj {
	path := ""
	for i := 0; i < 32; i++ {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op == token.MUL {
				inner := x.X
				for j := 0; j < 8; j++ {
					fv, ok := inner.(*ssa.FreeVar)
					if !ok {
						break
					}
					b := c.binding(fv)
					if b == nil {
						break
					}
					inner = b
				}
				if a, ok := inner.(*ssa.Alloc); ok {
					switch st := singleStore(a); {
					case st != nil:
						// A variable assigned once (a parameter spilled
						// because a closure captures it): its value.
						v = st
						continue
					case stores(a) > 1:
						// A variable assigned twice may hold two objects.
						return obj{root: x}
					}
				}
				path = "*" + path
				v = inner
				continue
			}
		case *ssa.FreeVar:
			if b := c.binding(x); b != nil {
				v = b
				continue
			}
		}
		break
	}
	return obj{root: v, path: path}
}

func singleStore(a *ssa.Alloc) ssa.Value {
	var val ssa.Value
	for _, r := range *a.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == a {
			if val != nil {
				return nil
			}
			val = st.Val
		}
	}
	return val
}

func stores(a *ssa.Alloc) int {
	n := 0
	for _, r := range *a.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == a {
			n++
		}
	}
	return n
}

// binding returns the value bound to free variable fv where its closure is
// created, when it is created at exactly one place.
func (c *checker) binding(fv *ssa.FreeVar) ssa.Value {
	return ssacfg.Binding(fv, c.closures[fv.Parent()])
}

// keyOwner splits lock key k of fn into the object holding the lock and
// the lock's field (".mu"); ok is false for keys of another shape.
func (c *checker) keyOwner(fn *ssa.Function, k lockset.Key) (obj, string, bool) {
	var base ssa.Value
	switch k.Base {
	case lockset.BaseParam:
		if k.Index < len(fn.Params) {
			base = fn.Params[k.Index]
		}
	case lockset.BaseFreeVar:
		if k.Index < len(fn.FreeVars) {
			base = fn.FreeVars[k.Index]
		}
	case lockset.BaseLocal:
		base = k.Val
	}
	i := strings.LastIndex(k.Path, ".")
	if base == nil || i < 0 || strings.Trim(k.Path[:i], "*") != "" || !singleField(k.Path[i:]) {
		return obj{}, "", false
	}
	o := c.resolve(base)
	o.path += k.Path[:i]
	return o, k.Path[i:], true
}

// singleField reports whether p is one field segment (".mu").
func singleField(p string) bool {
	return len(p) > 1 && p[0] == '.' && !strings.ContainsAny(p[1:], ".*[")
}

// anchoredLocks returns the locks held on every path at x whose identity
// carries over to the other side: globals, and locks in an object the
// other side names the same way. For a field channel that object must be
// the one holding the channel (s.mu next to s.events); for a local channel
// or WaitGroup, any object reached from a parameter, global or captured
// variable (the counterpart then resolves its lock to the same root).
func (c *checker) anchoredLocks(x *site) []lock {
	var want *obj
	if x.base != nil {
		o := c.resolve(x.base)
		want = &o
	}
	var out []lock
	for _, h := range c.res.HeldAt(x.instr) {
		if h.Mode != lockset.Write && h.Mode != lockset.Read && h.Mode != lockset.Mixed {
			continue // maybe released by a call we cannot see
		}
		if h.Key.Base == lockset.BaseGlobal && h.Key.Path == "" {
			out = append(out, lock{held: h, global: h.Key.Name})
			continue
		}
		o, fld, ok := c.keyOwner(x.fn, h.Key)
		if !ok {
			continue
		}
		child := false
		if want != nil && o != *want {
			// Another object's lock: the other side may lock a
			// different instance of the same class (principle 8),
			// unless the channel's object hangs off the lock's owner,
			// the receiver (a registry and its subscribers).
			if !c.childOf(x, o) {
				continue
			}
			child = true
		}
		if want == nil {
			if _, local := o.root.(*ssa.Parameter); !local {
				if _, g := o.root.(*ssa.Global); !g {
					continue // a lock in a local object: identity not followed
				}
			}
		}
		out = append(out, lock{held: h, fld: fld, owner: o, child: child})
	}
	// Write locks first: they conflict with every acquisition.
	sort.SliceStable(out, func(i, j int) bool { return out[i].held.Mode == lockset.Write && out[j].held.Mode != lockset.Write })
	return out
}

func conflict(a, b lockset.Mode) bool { return a == lockset.Write || b == lockset.Write }

// matchKey reports whether lock key k (in fn) is l, held in owner.
func (c *checker) matchKey(k lockset.Key, fn *ssa.Function, owner obj, l lock) bool {
	if l.global != "" {
		return k.Base == lockset.BaseGlobal && k.Name == l.global && k.Path == ""
	}
	o, fld, ok := c.keyOwner(fn, k)
	return ok && fld == l.fld && o == owner
}

// acquires reports whether instr acquires l (on base's object) in a mode
// conflicting with how the blocked side holds it: a Lock/RLock call, or a
// static call whose summary acquires it on every path.
func (c *checker) acquires(instr ssa.Instruction, owner obj, l lock) bool {
	return c.acquiresMode(instr, owner, l, true)
}

// acquiresMode is acquires; with must false, a callee that takes the lock
// on some path counts too.
func (c *checker) acquiresMode(instr ssa.Instruction, owner obj, l lock, must bool) bool {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	op, recv := syncapi.CallOp(&call.Call)
	mode := lockset.Mode(0)
	switch op {
	case syncapi.Lock:
		mode = lockset.Write
	case syncapi.RLock:
		mode = lockset.Read
	}
	if mode != 0 {
		if !conflict(l.held.Mode, mode) {
			return false
		}
		if l.global != "" {
			g, ok := recv.(*ssa.Global)
			return ok && globalName(g) == l.global
		}
		fa, ok := recv.(*ssa.FieldAddr)
		if !ok {
			return false
		}
		fv := fieldOf(fa.X.Type(), fa.Field)
		return fv != nil && "."+fv.Name() == l.fld && c.resolve(fa.X) == owner
	}
	callee := call.Call.StaticCallee()
	if callee == nil {
		return false
	}
	sum := c.res.Summary(callee)
	if sum == nil || sum.Unknown {
		return false
	}
	for _, a := range sum.Acquires {
		if must && !a.Must || a.Reacquire || !conflict(l.held.Mode, a.Mode) {
			continue
		}
		if l.global != "" {
			if a.Key.Base == lockset.BaseGlobal && a.Key.Name == l.global && a.Key.Path == "" {
				return true
			}
			continue
		}
		if a.Key.Base != lockset.BaseParam || a.Key.Path != l.fld || a.Key.Index >= len(call.Call.Args) {
			continue
		}
		if c.resolve(call.Call.Args[a.Key.Index]) == owner {
			return true
		}
	}
	return false
}

// need says whether counterpart y needs l before it can act, and where it
// takes it.
func (c *checker) need(y *site, l lock) (bool, token.Pos) {
	if y.opaque {
		return false, token.NoPos // runs somewhere we cannot see: it may not need l
	}
	targets := []ssa.Instruction{y.instr}
	if _, ok := y.instr.(*ssa.Defer); ok {
		// A deferred Done or close runs at every return of the function.
		targets = nil
		for _, b := range y.fn.Blocks {
			for _, in := range b.Instrs {
				switch in.(type) {
				case *ssa.Return, *ssa.RunDefers:
					targets = append(targets, in)
				}
			}
		}
		if len(targets) == 0 {
			return false, token.NoPos
		}
	}
	var where token.Pos
	for _, t := range targets {
		ok, pos := c.needAt(y, t, l)
		if !ok {
			return false, token.NoPos
		}
		if where == token.NoPos || (pos != token.NoPos && pos < where) {
			where = pos
		}
	}
	return true, where
}

func (c *checker) needAt(y *site, t ssa.Instruction, l lock) (bool, token.Pos) {
	owner, ok := c.ownerAt(y, l)
	if !ok {
		return false, token.NoPos
	}
	// Held at the counterpart: it acquired l before.
	for _, h := range c.res.HeldAt(t) {
		if h.Mode == lockset.Maybe {
			continue
		}
		if c.matchKey(h.Key, y.fn, owner, l) && conflict(l.held.Mode, h.Mode) {
			return true, h.Pos
		}
	}
	// Otherwise every path to it must acquire l: from the function's
	// entry, and (in a loop) from the counterpart back to itself.
	if len(y.fn.Blocks) == 0 {
		return false, token.NoPos
	}
	cut := func(in ssa.Instruction) bool { return c.acquires(in, owner, l) }
	var cuts []token.Pos
	if reach(y.fn.Blocks[0], 0, t, cut, &cuts) {
		return false, token.NoPos
	}
	tb := t.Block()
	idx := indexOf(tb, t)
	if idx >= 0 && reach(tb, idx+1, t, cut, &cuts) {
		return false, token.NoPos
	}
	if len(cuts) == 0 {
		// Unreachable from the entry: nothing proves it needs l.
		return false, token.NoPos
	}
	sort.Slice(cuts, func(i, j int) bool { return cuts[i] < cuts[j] })
	return true, cuts[0]
}

func indexOf(b *ssa.BasicBlock, t ssa.Instruction) int {
	for i, in := range b.Instrs {
		if in == t {
			return i
		}
	}
	return -1
}

// reach reports whether target is reachable from instruction i of b
// without passing an instruction for which cut holds. The cuts met are
// appended to cuts. Bounded by the number of blocks (each visited once).
func reach(b *ssa.BasicBlock, i int, target ssa.Instruction, cut func(ssa.Instruction) bool, cuts *[]token.Pos) bool {
	seen := map[*ssa.BasicBlock]bool{}
	type item struct {
		b *ssa.BasicBlock
		i int
	}
	work := []item{{b, i}}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		blocked := false
		for _, in := range it.b.Instrs[it.i:] {
			if in == target {
				return true
			}
			if cut(in) {
				*cuts = append(*cuts, in.Pos())
				blocked = true
				break
			}
		}
		if blocked {
			continue
		}
		for _, s := range it.b.Succs {
			if !seen[s] {
				seen[s] = true
				work = append(work, item{s, 0})
			}
		}
	}
	return false
}

// tryReport reports x if every counterpart needs l first.
func (c *checker) tryReport(f *field, x *site, l lock, counter []*site) bool {
	type ev struct {
		y     *site
		where token.Pos
	}
	var evs []ev
	may := false
	for _, y := range counter {
		var ok bool
		var where token.Pos
		if !l.child {
			ok, where = c.need(y, l)
		}
		if !ok {
			evs = nil
			may = true
			break // a counterpart can act without l on some path
		}
		evs = append(evs, ev{y, where})
	}
	if may {
		// The one goroutine serving the operation may need l first.
		y, where, ok := c.mayNeed(f, x, l, counter)
		if !ok {
			return false
		}
		evs = []ev{{y, where}}
	}
	lockName := l.held.Name
	objName := f.name
	if f.v != nil {
		objName = f.v.Name()
		if l.child {
			if n := c.operandText(x); n != "" {
				objName = n
			}
		} else if l.global == "" && strings.HasSuffix(lockName, l.fld) {
			objName = strings.TrimSuffix(lockName, l.fld) + "." + f.v.Name()
		} else if n := nameOf(x.base); n != "" {
			objName = n + "." + f.v.Name()
		}
	}
	var what, cat, who, act string
	switch x.kind {
	case opSend:
		what, cat, who, act = "send on "+objName, catSend, "receiver", "receive"
	case opRecv:
		what, cat, who, act = "receive from "+objName, catRecv, "sender", "send or close"
	case opWGWait:
		what, cat, who, act = objName+".Wait()", catWait, objName+".Done()", "run"
	}
	xat := x.instr.Pos()
	if x.mop != nil && x.mop.Op != nil && x.mop.Op.Select != nil {
		xat = x.mop.Pos // the case, not the select
	}
	xpos := c.pass.Fset.Position(xat)
	var tail string
	if may && x.kind == opWGWait {
		tail = fmt.Sprintf("the %s at %s runs on a goroutine that may need %s first", who, c.where(xpos, evs[0].y.instr.Pos()), lockName)
	} else if may {
		tail = fmt.Sprintf("the %s at %s is the only one, and it may need %s first", who, c.where(xpos, evs[0].y.instr.Pos()), lockName)
	} else if len(evs) == 1 {
		tail = fmt.Sprintf("the %s at %s needs %s before it can %s", who, c.where(xpos, evs[0].y.instr.Pos()), lockName, act)
	} else {
		var locs []string
		for _, e := range evs {
			locs = append(locs, c.where(xpos, e.y.instr.Pos()))
		}
		tail = fmt.Sprintf("every %s (%s) needs %s before it can %s", who, strings.Join(locs, ", "), lockName, act)
	}
	msg := fmt.Sprintf("%s can block forever while holding %s: %s", what, lockName, tail)
	rel := []analysis.RelatedInformation{{Pos: l.held.Pos, Message: lockName + " locked here"}}
	for _, e := range evs {
		rel = append(rel, analysis.RelatedInformation{Pos: e.y.instr.Pos(), Message: "the " + who + " that must unblock it"})
		if e.where.IsValid() && may {
			rel = append(rel, analysis.RelatedInformation{Pos: e.where, Message: "which may take " + lockName + " here first"})
		} else if e.where.IsValid() {
			rel = append(rel, analysis.RelatedInformation{Pos: e.where, Message: "which first takes " + lockName + " here"})
		}
	}
	c.diags = append(c.diags, analysis.Diagnostic{Pos: xat, End: xat + 1, Category: cat, Message: msg, Related: rel})
	return true
}

func nameOf(v ssa.Value) string {
	for {
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op == token.MUL {
				v = x.X
				continue
			}
		case *ssa.Parameter, *ssa.FreeVar, *ssa.Global:
			return x.Name()
		case *ssa.Alloc:
			if x.Comment != "" {
				return x.Comment
			}
		}
		// A value the source names: its debug reference.
		if refs := v.Referrers(); refs != nil {
			for _, r := range *refs {
				if d, ok := r.(*ssa.DebugRef); ok {
					if id, ok := d.Expr.(*ast.Ident); ok {
						return id.Name
					}
				}
			}
		}
		return ""
	}
}

// where renders pos as "line N" in the file of from, else "file.go:N".
func (c *checker) where(from token.Position, pos token.Pos) string {
	p := c.pass.Fset.Position(pos)
	if p.Filename == from.Filename {
		return fmt.Sprintf("line %d", p.Line)
	}
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

func globalName(g *ssa.Global) string {
	if g.Pkg != nil && g.Pkg.Pkg != nil {
		return g.Pkg.Pkg.Path() + "." + g.Name()
	}
	return g.Name()
}

// operandText returns the source of the channel operand of x (s.ch), or "".
func (c *checker) operandText(x *site) string {
	pos := x.instr.Pos()
	if x.mop != nil {
		pos = x.mop.Pos
	}
	for _, f := range c.pass.Files {
		if pos < f.FileStart || pos >= f.FileEnd {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, pos, pos+1)
		for _, n := range path {
			switch n := n.(type) {
			case *ast.SendStmt:
				return types.ExprString(n.Chan)
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					return types.ExprString(n.X)
				}
			}
		}
	}
	return ""
}
