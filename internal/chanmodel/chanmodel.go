// Package chanmodel is conclint's channel model: for one package, which
// channel values exist (by allocation site), what their buffer size is,
// where they flow, and which functions send, receive, range, select on and
// close each of them; the lifecycle of every channel, Cond and WaitGroup
// kept in a struct field; and which goroutines run which functions. It
// also lists goroutine entry points (go statements, (*sync.WaitGroup).Go,
// (*errgroup.Group).Go).
//
// # Using it
//
// Passes require Analyzer and call Result.Model() (built once per package,
// lazily). The questions a client asks:
//
//   - Model.Chans, Chan.Ops, Model.OpsIn(fn), Model.ChansOf(v): channels by
//     allocation site and every operation on them;
//   - Model.Fields, Model.Field(namedType, index), Model.FieldOf(v): the
//     per-type lifecycle of a field (fields.go): every make, nil, send,
//     receive, range, select case, close, Signal, Broadcast, Wait, Add, Done
//     on it, each with its function and the struct value it was selected
//     from (FieldOp.Base), and whether code outside the package may touch
//     it (Field.Unknown) or receive from it (Field.RecvOut). This is the
//     channel identity a client such as an interleaving explorer keys on:
//     (named type, field index) for field channels, the *ssa.MakeChan for
//     the others;
//   - Model.Goroutines, Goroutine.Runs, Model.Body(g), Model.Region(fn),
//     Model.GoroutinesRunning(fn), Model.CallSites(fn), Model.Callees(call):
//     who runs what (threads.go), with method values and functions run by
//     goroutine helpers resolved;
//   - Model.Guards(op), Model.OnceOnly(fn), Model.Receiver(v): whether a
//     field operation runs under a sync.Once, after a test of its object's
//     state, or after its function waited; whether a base is the receiver
//     of the method.
//
// # Abstraction
//
// A channel is identified by its allocation site, an *ssa.MakeChan. Values
// are followed with a flow-insensitive, inclusion-based (Andersen-style)
// points-to analysis restricted to the package:
//
//   - locals, phis, conversions, closure captures (MakeClosure bindings to
//     free variables, by value or through the captured variable's cell);
//   - memory cells: local variables (*ssa.Alloc), globals, and struct fields.
//     Fields are field-based: one cell per (named struct type, field index),
//     shared by every instance of the type, the same key lock classes use;
//   - parameters and results of static calls to functions of the package
//     (including go and defer calls); tuple results through Extract.
//
// Anything the model cannot see makes the channel escape (Chan.Escapes):
// passing it to a function outside the package (unless that function's
// summary, a ParamsFact, says it keeps the channel to itself: the call then
// becomes operations at the call site, see summary.go) or through a function value
// or interface method, converting it to an interface, storing it in a slice,
// map or array element or through an unknown pointer, or in an exported
// field (or a field of another package's type), sending it on a
// channel, returning it from a function whose callers are not all known
// (exported, or used as a value). A channel that leaves only as a
// receive-only <-chan T does not escape but is marked Chan.RecvOut: code
// outside may receive from it, but can neither send on it nor close it.
// Channels stored in a global or a field are
// flagged (Chan.InGlobal, Chan.InField): their other operations may be in
// code outside the package, or reached through instances the model merges;
// for fields, Model.Fields says which of them are nonetheless known.
//
// Inv: for a channel that does not escape and is not in a global or a field,
// Chan.Ops lists every send, receive, select case and close that can operate
// on it, anywhere in the program. Clients that need "nobody sends" (a
// must-property) must check Local (these three flags and RecvOut) first, or
// use a Field that is not Unknown; clients that want "who
// may send" (a may-property, e.g. several senders) can use Ops of any
// channel but must remember that an escaping channel may have more.
//
// Ops on values whose origin the model does not know (parameters of
// exported functions, results of external calls, time.After) are recorded
// in Model.Unattributed.
//
// # Facts
//
// The package exports a ParamsFact for each exported function with channel
// parameters (summary.go) and a FieldsFact for each exported method that
// closes or reassigns channel fields of its receiver (fieldfacts.go);
// Result.FieldsFactOf gives a calling package the facts of the methods it
// calls.
//
// # Budgets
//
// The fixpoint is bounded (MaxRounds passes over the package, MaxInstrs
// instructions); a package over budget yields a Model with Incomplete set,
// and clients should then report nothing. Function-value resolution is
// bounded by depth and the regions of a package share one instruction
// budget; past it, Region returns nil and clients stay silent.
package chanmodel

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/ssacfg"
	"github.com/conclint/conclint/internal/syncapi"
)

// Budgets.
const (
	MaxRounds = 40     // passes over the package in the fixpoint
	MaxInstrs = 400000 // instructions in the package
)

// Chan is one channel allocation site.
type Chan struct {
	Site *ssa.MakeChan
	Fn   *ssa.Function // the function containing Site
	// Cap is the constant buffer size, or -1 when it is not a constant.
	Cap int64

	Escapes  bool // reaches code the model cannot see
	InGlobal bool // stored in a package-level variable
	InField  bool // stored in a struct field
	// RecvOut is set when the channel reaches code the model cannot see
	// only as a receive-only channel (<-chan T: returned, passed or
	// converted to an interface as one). That code may receive from it but
	// can neither send on it nor close it: Ops holds every send and close.
	RecvOut bool

	Ops []*Op // in deterministic (function, position) order
}

// CapKnown reports whether the buffer size is a constant.
func (c *Chan) CapKnown() bool { return c.Cap >= 0 }

// Local reports whether every operation on the channel is in Ops: it does
// not escape (not even receive-only) and is not stored in a global or a
// field.
func (c *Chan) Local() bool { return !c.Escapes && !c.RecvOut && !c.InGlobal && !c.InField }

// ThroughCalls reports whether some of the channel's operations run inside
// functions of other packages (known from their summaries).
func (c *Chan) ThroughCalls() bool {
	for _, o := range c.Ops {
		if o.Callee != nil {
			return true
		}
	}
	return false
}

// OpsOf returns the operations of kind k on the channel, in Ops order.
func (c *Chan) OpsOf(k Kind) []*Op {
	var out []*Op
	for _, o := range c.Ops {
		if o.Kind == k {
			out = append(out, o)
		}
	}
	return out
}

// Pos returns the position of the make call.
func (c *Chan) Pos() token.Pos { return c.Site.Pos() }

// Kind is the kind of a channel operation.
type Kind int

const (
	Send  Kind = iota + 1 // ch <- v (also a send case of a select)
	Recv                  // <-ch, v, ok := <-ch (also a receive case of a select)
	Range                 // for v := range ch: the receive at the loop head
	Close                 // close(ch)
)

func (k Kind) String() string {
	switch k {
	case Send:
		return "send"
	case Recv:
		return "receive"
	case Range:
		return "range"
	case Close:
		return "close"
	}
	return "?"
}

// Op is one operation on a channel value.
type Op struct {
	Kind  Kind
	Fn    *ssa.Function
	Instr ssa.Instruction // *ssa.Send, *ssa.UnOp (ARROW), *ssa.Select, or the close *ssa.Call/*ssa.Defer/*ssa.Go
	Value ssa.Value       // the channel operand
	// For select cases: the select and the index of the case in
	// Select.States. A select case blocks only if Select.Blocking and
	// it is the only state; use Blocks.
	Select *ssa.Select
	State  int
	Pos    token.Pos
	// Chans are the allocation sites Value may refer to; empty for
	// unattributed operations.
	Chans []*Chan

	// Callee is set when the operation runs inside a function of another
	// package that Instr calls with the channel as an argument; its
	// summary says it may do this. Pos is then the call's position.
	Callee *ssa.Function
	// Async is set when the operation runs on another goroutine than the
	// one executing Fn: Instr is a go statement, or the callee starts a
	// goroutine (or hands out a callback) that does it.
	Async     bool
	viaBlocks bool
}

// RunsIn reports whether the operation runs in fn on fn's own goroutine.
func (o *Op) RunsIn(fn *ssa.Function) bool { return o.Fn == fn && !o.Async }

// InSelect reports whether the op is a case of a multi-way select.
func (o *Op) InSelect() bool { return o.Select != nil }

// Blocks reports whether the operation waits only for this channel: a plain
// send/receive/range, or a select without default whose only case this is.
// A select with other cases or a default has other ways out.
//
// For an operation inside a callee (Callee set), it reports whether the
// callee may wait on the channel alone, on the goroutine that runs the call
// (for a go statement, the new goroutine).
func (o *Op) Blocks() bool {
	if o.Kind == Close {
		return false
	}
	if o.Callee != nil {
		return o.viaBlocks
	}
	if o.Select == nil {
		return true
	}
	return o.Select.Blocking && len(o.Select.States) == 1
}

// GoKind says how a goroutine was started.
type GoKind int

const (
	GoStmt      GoKind = iota + 1 // go f(...)
	GoWaitGroup                   // wg.Go(f)
	GoErrgroup                    // g.Go(f), g.TryGo(f)
)

// Goroutine is a goroutine entry point.
type Goroutine struct {
	Kind    GoKind
	Instr   ssa.CallInstruction // the *ssa.Go, or the *ssa.Call of wg.Go/g.Go
	Spawner *ssa.Function
	// Entry is the function the goroutine runs, or nil when it is a
	// function value the model cannot resolve or a function of another
	// package. For go statements the arguments of Instr.Common() flow to
	// Entry's parameters.
	Entry *ssa.Function
	// Callee is the function of another package a go statement runs, when
	// it has a summary: the goroutine's operations are then the Ops of Instr
	// (with Callee set) that are not asynchronous within the callee.
	Callee *ssa.Function
	// Runs are the package functions the goroutine may start with: Entry,
	// or what a function value resolves to (a method value go f() with
	// f := s.loop, a function a helper is given and runs: s.goFunc(s.loop)).
	// Model.Body gives everything the goroutine may run.
	Runs []*ssa.Function
}

// Pos returns the position of the go statement (or Go call).
func (g *Goroutine) Pos() token.Pos { return g.Instr.Pos() }

// Model is the channel model of one package.
type Model struct {
	Chans        []*Chan // in position order
	Goroutines   []*Goroutine
	Unattributed []*Op
	// Incomplete is set when a budget was exceeded; the model then holds
	// no channels and clients should stay silent.
	Incomplete bool
	// Summaries are the package's function summaries (Config.Summarize).
	Summaries []Summary
	// Fields are the package's channel, Cond and WaitGroup fields (see
	// fields.go), in declaration order.
	Fields []*Field

	fields map[FieldKey]*Field
	graph  *callGraph

	byFunc map[*ssa.Function][]*Op
	pts    map[node]objset
	chanOf map[*ssa.MakeChan]*Chan
}

// OpsIn returns the channel operations in fn (attributed or not), in
// position order.
func (m *Model) OpsIn(fn *ssa.Function) []*Op { return m.byFunc[fn] }

// ChansOf returns the channel allocation sites v may refer to.
func (m *Model) ChansOf(v ssa.Value) []*Chan {
	var out []*Chan
	for o := range m.pts[node{v, -1}] {
		if c, ok := o.(*Chan); ok {
			out = append(out, c)
		}
	}
	sortChans(out)
	return out
}

// ChanAt returns the Chan of an allocation site, or nil.
func (m *Model) ChanAt(site *ssa.MakeChan) *Chan { return m.chanOf[site] }

// SelectCaseEdge reports whether the edge from b to its successor
// b.Succs[succ] is the dispatch of a select case: b ends in
// "if idx == k" where idx is the index result of a select. It returns the
// select, the case index k, and whether the edge enters case k (true
// edge) or goes on to the other cases (false edge).
func SelectCaseEdge(b *ssa.BasicBlock, succ int) (sel *ssa.Select, state int, taken bool, ok bool) {
	if len(b.Instrs) == 0 {
		return nil, 0, false, false
	}
	iff, isIf := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !isIf {
		return nil, 0, false, false
	}
	cmp, isBin := iff.Cond.(*ssa.BinOp)
	if !isBin || cmp.Op != token.EQL {
		return nil, 0, false, false
	}
	ext, isExt := cmp.X.(*ssa.Extract)
	k, isConst := cmp.Y.(*ssa.Const)
	if !isExt || !isConst || ext.Index != 0 || k.Value == nil || k.Value.Kind() != constant.Int {
		return nil, 0, false, false
	}
	s, isSel := ext.Tuple.(*ssa.Select)
	if !isSel {
		return nil, 0, false, false
	}
	n, exact := constant.Int64Val(k.Value)
	if !exact || n < 0 || int(n) >= len(s.States) {
		return nil, 0, false, false
	}
	return s, int(n), succ == 0, true
}

// ---- points-to ----

// node is a points-to variable: an SSA value, one element of a tuple
// value (i >= 0), or a function's i'th result (v = nil, fn set via ret).
type node struct {
	v ssa.Value
	i int
}

type retNode struct {
	fn *ssa.Function
	i  int
}

// Objects are *Chan or cells.
type obj any

type cellKind int

const (
	cellAlloc cellKind = iota
	cellGlobal
	cellField
	cellUnknown
)

type fieldKey struct {
	typ   types.Type // *types.Named (origin) or *types.Struct
	field int
}

type cell struct {
	kind  cellKind
	alloc *ssa.Alloc
	glob  *ssa.Global
	field fieldKey
}

type objset map[obj]struct{}

type builder struct {
	pkg      *ssa.Package
	funcs    []*ssa.Function
	inPkg    map[*ssa.Function]bool
	rangePos map[token.Pos]bool

	pts     map[node]objset
	rets    map[retNode]objset
	content map[*cell]objset
	cells   map[any]*cell
	unknown *cell
	escVals map[node]bool // nodes whose objects escape
	escRecv map[node]bool // nodes whose objects escape receive-only
	changed bool

	chans  map[*ssa.MakeChan]*Chan
	valued map[*ssa.Function]bool // functions used as values (callers unknown)

	facts    func(*ssa.Function) *ParamsFact
	factMemo map[*ssa.Function]*ParamsFact

	recvOut map[obj]bool // objects that escape receive-only
	asValue map[*ssa.Function]bool
}

// Build computes the channel model of the functions funcs (normally
// buildssa's SrcFuncs, which includes closures) of pkg. files are the
// package's syntax, used to tell range loops from receives; it may be nil.
// cfg may be nil.
func Build(pkg *ssa.Package, funcs []*ssa.Function, files []*ast.File, cfg *Config) *Model {
	if cfg == nil {
		cfg = &Config{}
	}
	b := &builder{
		facts:    cfg.Facts,
		factMemo: make(map[*ssa.Function]*ParamsFact),
		pkg:      pkg,
		funcs:    funcs,
		inPkg:    make(map[*ssa.Function]bool),
		rangePos: make(map[token.Pos]bool),
		pts:      make(map[node]objset),
		rets:     make(map[retNode]objset),
		content:  make(map[*cell]objset),
		cells:    make(map[any]*cell),
		escVals:  make(map[node]bool),
		escRecv:  make(map[node]bool),
		chans:    make(map[*ssa.MakeChan]*Chan),
		valued:   make(map[*ssa.Function]bool),
		recvOut:  make(map[obj]bool),
	}
	b.unknown = &cell{kind: cellUnknown}
	m := &Model{byFunc: make(map[*ssa.Function][]*Op), chanOf: b.chans}

	total := 0
	for _, fn := range funcs {
		b.inPkg[fn] = true
		for _, blk := range fn.Blocks {
			total += len(blk.Instrs)
		}
	}
	if total > MaxInstrs {
		m.Incomplete = true
		return m
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if r, ok := n.(*ast.RangeStmt); ok {
				b.rangePos[r.For] = true
			}
			return true
		})
	}
	b.findValued()
	if cfg.Summarize {
		b.seedParams()
	}

	// Only instructions that can move a channel matter to the fixpoint;
	// select them once.
	type work struct {
		fn     *ssa.Function
		instrs []ssa.Instruction
	}
	var todo []work
	holds := make(map[types.Type]bool)
	for _, fn := range funcs {
		w := work{fn: fn}
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				if relevant(instr, holds) {
					w.instrs = append(w.instrs, instr)
				}
			}
		}
		if len(w.instrs) > 0 {
			todo = append(todo, w)
		}
	}

	// Fixpoint.
	rounds := 0
	for {
		b.changed = false
		for _, w := range todo {
			for _, instr := range w.instrs {
				b.visit(w.fn, instr)
			}
		}
		if !b.changed {
			break
		}
		rounds++
		if rounds > MaxRounds {
			m.Incomplete = true
			return m
		}
	}

	esc := b.finishEscapes()
	m.pts = b.pts

	for _, c := range b.chans {
		m.Chans = append(m.Chans, c)
	}
	sortChans(m.Chans)
	b.collectOps(m)
	m.graph = b.newCallGraph()
	b.collectGoroutines(m)
	b.collectFields(m, esc)
	if cfg.Summarize {
		b.summarize(m, esc)
	}
	return m
}

func sortChans(cs []*Chan) {
	sort.Slice(cs, func(i, j int) bool { return cs[i].Site.Pos() < cs[j].Site.Pos() })
}

// findValued marks package functions used other than as the callee of a
// call: their callers (and so their parameters and results) are unknown.
func (b *builder) findValued() {
	b.asValue = make(map[*ssa.Function]bool)
	for _, fn := range b.funcs {
		if fn.Object() != nil && fn.Object().Exported() {
			b.valued[fn] = true
		}
		if fn.Signature.Recv() != nil {
			// Methods may be called through interfaces.
			b.valued[fn] = true
		}
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				var callee ssa.Value
				if c, ok := instr.(ssa.CallInstruction); ok {
					callee = c.Common().Value
				}
				var rands [8]*ssa.Value
				for _, op := range instr.Operands(rands[:0]) {
					if op == nil || *op == nil || *op == callee {
						continue
					}
					switch v := (*op).(type) {
					case *ssa.Function:
						b.valued[v] = true
						b.asValue[v] = true // for valuedFunc
					case *ssa.MakeClosure:
						if mc, ok := instr.(*ssa.MakeClosure); ok && mc == v {
							continue
						}
						if f, ok := v.Fn.(*ssa.Function); ok {
							b.valued[f] = true
						}
					}
				}
				// A MakeClosure used anywhere but as a callee.
				if mc, ok := instr.(*ssa.MakeClosure); ok {
					if f, ok := mc.Fn.(*ssa.Function); ok {
						refs := mc.Referrers()
						if refs != nil {
							for _, r := range *refs {
								c, ok := r.(ssa.CallInstruction)
								if !ok || c.Common().Value != ssa.Value(mc) {
									b.valued[f] = true
								}
							}
						}
					}
				}
			}
		}
	}
}

func (b *builder) cellFor(key any, mk func() *cell) *cell {
	if c, ok := b.cells[key]; ok {
		return c
	}
	c := mk()
	b.cells[key] = c
	return c
}

func (b *builder) get(v ssa.Value) objset {
	switch v := v.(type) {
	case *ssa.Global:
		c := b.cellFor(v, func() *cell { return &cell{kind: cellGlobal, glob: v} })
		return objset{c: {}}
	case *ssa.Const, *ssa.Function, *ssa.Builtin, nil:
		return nil
	}
	return b.pts[node{v, -1}]
}

func (b *builder) addTo(n node, s objset) {
	if len(s) == 0 {
		return
	}
	d := b.pts[n]
	if d == nil {
		d = make(objset, len(s))
		b.pts[n] = d
	}
	for o := range s {
		if _, ok := d[o]; !ok {
			d[o] = struct{}{}
			b.changed = true
		}
	}
}

func (b *builder) flow(from ssa.Value, to ssa.Value) { b.addTo(node{to, -1}, b.get(from)) }

func (b *builder) addContent(c *cell, s objset) {
	if len(s) == 0 {
		return
	}
	d := b.content[c]
	if d == nil {
		d = make(objset, len(s))
		b.content[c] = d
	}
	for o := range s {
		if _, ok := d[o]; !ok {
			d[o] = struct{}{}
			b.changed = true
		}
	}
}

func (b *builder) escape(v ssa.Value) {
	switch v.(type) {
	case *ssa.Const, *ssa.Function, *ssa.Builtin, nil:
		return
	case *ssa.Global:
		return // globals are flagged anyway
	}
	if recvOnly(v.Type()) {
		// A <-chan T cannot be sent on or closed, nor converted back.
		b.escRecv[node{v, -1}] = true
		return
	}
	b.escVals[node{v, -1}] = true
}

func recvOnly(t types.Type) bool {
	c, ok := t.Underlying().(*types.Chan)
	return ok && c.Dir() == types.RecvOnly
}

func (b *builder) fieldCell(t types.Type, i int) *cell {
	t = types.Unalias(t)
	if n, ok := t.(*types.Named); ok {
		t = n.Origin()
	}
	k := fieldKey{t, i}
	return b.cellFor(k, func() *cell {
		c := &cell{kind: cellField, field: k}
		if v := ssacfg.FieldOf(t, i); v != nil {
			if _, isChan := v.Type().Underlying().(*types.Chan); isChan {
				// Every load of a channel field holds its tag, so that a
				// loaded value escaping makes the field unknown even when
				// no make of the package is stored in it.
				b.addContent(c, objset{&fieldTag{k}: {}})
			}
		}
		return c
	})
}

// fieldTag is the abstract object every load of a channel field may be,
// besides the channels stored in it (see fields.go).
type fieldTag struct{ key fieldKey }

// structOf returns the struct type (named if possible) whose field an
// address or value selects.
func structOf(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	return t
}

// relevant reports whether visit can do anything for instr: it creates a
// channel or moves a value whose type can hold one (directly, or through
// pointers, struct fields, arrays or tuples). Calls, closures, returns and
// escapes are always relevant.
func relevant(instr ssa.Instruction, memo map[types.Type]bool) bool {
	switch in := instr.(type) {
	case *ssa.MakeChan, ssa.CallInstruction, *ssa.MakeClosure, *ssa.Return:
		return true
	case *ssa.Store:
		return mayHoldChan(in.Val.Type(), memo)
	case *ssa.Send:
		return mayHoldChan(in.X.Type(), memo)
	case *ssa.Select:
		return true
	case *ssa.MapUpdate:
		return mayHoldChan(in.Key.Type(), memo) || mayHoldChan(in.Value.Type(), memo)
	case *ssa.Panic:
		return false // an interface: its content escaped at MakeInterface
	case *ssa.MakeInterface:
		return mayHoldChan(in.X.Type(), memo)
	case *ssa.Convert:
		return mayHoldChan(in.X.Type(), memo)
	case *ssa.MultiConvert:
		return mayHoldChan(in.X.Type(), memo)
	case ssa.Value:
		return mayHoldChan(in.Type(), memo)
	}
	return false
}

// mayHoldChan reports whether a value of type t can be or lead to a
// channel the model tracks. Slices and maps are not followed: their
// elements live in the unknown cell, reached through IndexAddr/Lookup.
// Type parameters are assumed to.
func mayHoldChan(t types.Type, memo map[types.Type]bool) bool {
	if v, ok := memo[t]; ok {
		return v
	}
	memo[t] = true // in progress: a cycle through named types answers conservatively
	var r bool
	switch u := types.Unalias(t).(type) {
	case *types.Chan, *types.TypeParam:
		r = true
	case *types.Named:
		r = mayHoldChan(u.Underlying(), memo)
	case *types.Pointer:
		r = mayHoldChan(u.Elem(), memo)
	case *types.Array:
		r = mayHoldChan(u.Elem(), memo)
	case *types.Struct:
		for i := 0; i < u.NumFields() && !r; i++ {
			r = mayHoldChan(u.Field(i).Type(), memo)
		}
	case *types.Tuple:
		for i := 0; i < u.Len() && !r; i++ {
			r = mayHoldChan(u.At(i).Type(), memo)
		}
	}
	memo[t] = r
	return r
}

func (b *builder) visit(fn *ssa.Function, instr ssa.Instruction) {
	switch in := instr.(type) {
	case *ssa.MakeChan:
		c := b.chans[in]
		if c == nil {
			c = &Chan{Site: in, Fn: fn, Cap: -1}
			if k, ok := in.Size.(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.Int {
				if n, exact := constant.Int64Val(k.Value); exact {
					c.Cap = n
				}
			}
			b.chans[in] = c
		}
		b.addTo(node{in, -1}, objset{c: {}})
	case *ssa.Alloc:
		c := b.cellFor(in, func() *cell { return &cell{kind: cellAlloc, alloc: in} })
		b.addTo(node{in, -1}, objset{c: {}})
	case *ssa.Phi:
		for _, e := range in.Edges {
			b.flow(e, in)
		}
	case *ssa.ChangeType:
		b.flow(in.X, in)
	case *ssa.Convert:
		b.escape(in.X) // unsafe.Pointer and friends
	case *ssa.MultiConvert:
		b.escape(in.X)
	case *ssa.MakeInterface:
		b.escape(in.X)
	case *ssa.ChangeInterface, *ssa.TypeAssert:
		// Interfaces are opaque: whatever went into one escaped.
	case *ssa.Store:
		val := b.get(in.Val)
		addr := b.get(in.Addr)
		if len(addr) == 0 {
			b.escape(in.Val)
		}
		for o := range addr {
			if c, ok := o.(*cell); ok {
				b.addContent(c, val)
			}
		}
	case *ssa.UnOp:
		if in.Op == token.MUL {
			for o := range b.get(in.X) {
				if c, ok := o.(*cell); ok {
					b.addTo(node{in, -1}, b.content[c])
				}
			}
		}
	case *ssa.FieldAddr:
		b.addTo(node{in, -1}, objset{b.fieldCell(structOf(in.X.Type()), in.Field): {}})
	case *ssa.Field:
		b.addTo(node{in, -1}, b.content[b.fieldCell(in.X.Type(), in.Field)])
	case *ssa.IndexAddr:
		b.addTo(node{in, -1}, objset{b.unknown: {}})
	case *ssa.Extract:
		b.addTo(node{in, -1}, b.pts[node{in.Tuple, in.Index}])
	case *ssa.MakeClosure:
		f, ok := in.Fn.(*ssa.Function)
		if !ok || !b.inPkg[f] || len(f.FreeVars) != len(in.Bindings) {
			for _, v := range in.Bindings {
				b.escape(v)
			}
			return
		}
		for i, v := range in.Bindings {
			b.flow(v, f.FreeVars[i])
		}
	case *ssa.Return:
		for i, v := range in.Results {
			b.addRet(retNode{fn, i}, b.get(v))
			if b.valued[fn] {
				b.escape(v)
			}
		}
	case *ssa.Send:
		b.escape(in.X)
	case *ssa.Select:
		for _, st := range in.States {
			if st.Dir == types.SendOnly {
				b.escape(st.Send)
			}
		}
	case *ssa.MapUpdate:
		b.escape(in.Key)
		b.escape(in.Value)
	case *ssa.Panic:
		b.escape(in.X)
	case ssa.CallInstruction:
		b.call(in)
	}
}

func (b *builder) addRet(r retNode, s objset) {
	if len(s) == 0 {
		return
	}
	d := b.rets[r]
	if d == nil {
		d = make(objset, len(s))
		b.rets[r] = d
	}
	for o := range s {
		if _, ok := d[o]; !ok {
			d[o] = struct{}{}
			b.changed = true
		}
	}
}

// staticCallee returns the package function a call statically calls, or nil.
func (b *builder) staticCallee(c *ssa.CallCommon) *ssa.Function {
	f := c.StaticCallee()
	if f == nil || !b.inPkg[f] || len(f.Blocks) == 0 {
		return nil
	}
	return f
}

func (b *builder) call(ci ssa.CallInstruction) {
	c := ci.Common()
	if bi, ok := c.Value.(*ssa.Builtin); ok {
		switch bi.Name() {
		case "close", "len", "cap", "print", "println", "clear", "min", "max":
		default:
			for _, a := range c.Args {
				b.escape(a)
			}
		}
		return
	}
	f := b.staticCallee(c)
	if f == nil {
		// wg.Go(f) / g.Go(f): the closure runs as a goroutine of this
		// package; its bindings are handled at the MakeClosure.
		if c.IsInvoke() {
			b.escape(c.Value)
		}
		_, fact := b.factOf(c)
		for i, a := range c.Args {
			if fact != nil && trackedArg(fact, i) {
				continue // the callee's summary describes what it does
			}
			if _, ok := a.(*ssa.MakeClosure); ok {
				if op, _ := syncapi.CallOp(c); op == syncapi.WGGo || op == syncapi.ErrgroupGo || op == syncapi.ErrgroupTryGo || op == syncapi.OnceDo {
					continue
				}
			}
			b.escape(a)
		}
		return
	}
	if len(f.Params) == len(c.Args) {
		for i, a := range c.Args {
			b.flow(a, f.Params[i])
		}
	} else {
		for _, a := range c.Args {
			b.escape(a)
		}
	}
	res := f.Signature.Results()
	v := ci.Value()
	if v == nil || res == nil {
		return
	}
	if res.Len() == 1 {
		b.addTo(node{v, -1}, b.rets[retNode{f, 0}])
	} else {
		for i := 0; i < res.Len(); i++ {
			b.addTo(node{v, i}, b.rets[retNode{f, i}])
		}
	}
}

// finishEscapes computes the escaping objects (the closure of escVals
// through cell contents) and the field/global flags of channels. It
// returns the escaping objects.
func (b *builder) finishEscapes() map[obj]bool {
	esc := make(map[obj]bool)
	var work []obj
	mark := func(o obj) {
		if !esc[o] {
			esc[o] = true
			work = append(work, o)
		}
	}
	for n := range b.escVals {
		for o := range b.pts[n] {
			mark(o)
		}
	}
	mark(b.unknown)
	for c := range b.content {
		if c.kind == cellGlobal || (c.kind == cellField && !b.ownField(c.field)) {
			// Exported fields, and fields of other packages' types, can be
			// reached by code outside the package.
			mark(c)
		}
	}
	for len(work) > 0 {
		o := work[len(work)-1]
		work = work[:len(work)-1]
		if c, ok := o.(*cell); ok {
			for x := range b.content[c] {
				mark(x)
			}
		}
	}
	for o := range esc {
		if c, ok := o.(*Chan); ok {
			c.Escapes = true
		}
	}
	for n := range b.escRecv {
		for o := range b.pts[n] {
			if !esc[o] {
				b.recvOut[o] = true
				if c, ok := o.(*Chan); ok {
					c.RecvOut = true
				}
			}
		}
	}
	// Direct field/global contents (a chan stored in a local struct's
	// field is InField even if the struct never escapes: fields are
	// merged per type).
	for c, s := range b.content {
		for o := range s {
			ch, ok := o.(*Chan)
			if !ok {
				continue
			}
			switch c.kind {
			case cellField:
				ch.InField = true
			case cellGlobal:
				ch.InGlobal = true
			}
		}
	}
	return esc
}

func (b *builder) chansIn(v ssa.Value) []*Chan {
	var out []*Chan
	for o := range b.get(v) {
		if c, ok := o.(*Chan); ok {
			out = append(out, c)
		}
	}
	sortChans(out)
	return out
}

func (b *builder) collectOps(m *Model) {
	add := func(op *Op) {
		op.Chans = b.chansIn(op.Value)
		m.byFunc[op.Fn] = append(m.byFunc[op.Fn], op)
		if len(op.Chans) == 0 {
			m.Unattributed = append(m.Unattributed, op)
		}
		for _, c := range op.Chans {
			c.Ops = append(c.Ops, op)
		}
	}
	for _, fn := range b.funcs {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				switch in := instr.(type) {
				case *ssa.Send:
					add(&Op{Kind: Send, Fn: fn, Instr: in, Value: in.Chan, Pos: in.Pos()})
				case *ssa.UnOp:
					if in.Op != token.ARROW {
						continue
					}
					k := Recv
					if in.CommaOk && b.rangePos[in.Pos()] {
						k = Range
					}
					add(&Op{Kind: k, Fn: fn, Instr: in, Value: in.X, Pos: in.Pos()})
				case *ssa.Select:
					for i, st := range in.States {
						k := Recv
						if st.Dir == types.SendOnly {
							k = Send
						}
						add(&Op{Kind: k, Fn: fn, Instr: in, Value: st.Chan, Select: in, State: i, Pos: st.Pos})
					}
				case ssa.CallInstruction:
					c := in.Common()
					if syncapi.IsBuiltin(c, "close") && len(c.Args) == 1 {
						add(&Op{Kind: Close, Fn: fn, Instr: in, Value: c.Args[0], Pos: in.Pos()})
					}
					if callee, fact := b.factOf(c); fact != nil {
						for _, op := range callOps(fn, in, callee, fact) {
							add(op)
						}
					}
				}
			}
		}
	}
	for _, c := range m.Chans {
		sortOps(c.Ops)
	}
	for _, ops := range m.byFunc {
		sortOps(ops)
	}
}

func sortOps(ops []*Op) {
	sort.SliceStable(ops, func(i, j int) bool {
		if ops[i].Fn != ops[j].Fn {
			return ops[i].Fn.Pos() < ops[j].Fn.Pos()
		}
		return ops[i].Pos < ops[j].Pos
	})
}

func (b *builder) collectGoroutines(m *Model) {
	for _, fn := range b.funcs {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				c := ci.Common()
				if g, ok := instr.(*ssa.Go); ok {
					callee, _ := b.factOf(c)
					m.Goroutines = append(m.Goroutines, &Goroutine{Kind: GoStmt, Instr: g, Spawner: fn, Entry: b.staticCallee(c), Callee: callee, Runs: m.graph.resolved[g]})
					continue
				}
				if _, ok := instr.(*ssa.Call); !ok {
					continue
				}
				op, _ := syncapi.CallOp(c)
				var kind GoKind
				switch op {
				case syncapi.WGGo:
					kind = GoWaitGroup
				case syncapi.ErrgroupGo, syncapi.ErrgroupTryGo:
					kind = GoErrgroup
				default:
					continue
				}
				var entry *ssa.Function
				if len(c.Args) > 0 {
					switch f := c.Args[len(c.Args)-1].(type) {
					case *ssa.MakeClosure:
						entry, _ = f.Fn.(*ssa.Function)
					case *ssa.Function:
						entry = f
					}
					if entry != nil && !b.inPkg[entry] {
						entry = nil
					}
				}
				var runs []*ssa.Function
				if len(c.Args) > 0 {
					runs = m.graph.targets(c.Args[len(c.Args)-1], 0)
				}
				m.Goroutines = append(m.Goroutines, &Goroutine{Kind: kind, Instr: ci, Spawner: fn, Entry: entry, Runs: runs})
			}
		}
	}
}
