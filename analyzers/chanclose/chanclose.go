package chanclose

import (
	_ "embed"
	"fmt"
	"github.com/conclint/conclint/internal/ssacfg"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/analyzerdoc"
	"github.com/conclint/conclint/internal/chanmodel"
	"github.com/conclint/conclint/internal/suppress"
	"github.com/conclint/conclint/internal/syncapi"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "chanclose",
	Doc:      analyzerdoc.MustExtract(doc, "chanclose"),
	URL:      analyzerdoc.URL("chanclose"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer, chanmodel.Analyzer},
	Run:      suppress.Run(run),
}

func init() {
	Analyzer.Flags.Bool("senders", true, "report closes that race with other goroutines' sends (uses the package channel model)")
	Analyzer.Flags.Bool("fields", true, "report channel fields closed by two methods of their type")
	Analyzer.Flags.Bool("latesend", false, "report sends on a channel field that another method of the type closes with no guard against late senders")
}

// flagSenders reads the -senders flag of a (the running analyzer, which may
// be a clone made by a driver).
func flagSenders(a *analysis.Analyzer) bool { return boolFlag(a, "senders") }

// flagOn reads a boolean flag of a that is off by default.
func flagOn(a *analysis.Analyzer, name string) bool {
	if a == nil {
		return false
	}
	f := a.Flags.Lookup(name)
	return f != nil && f.Value.String() == "true"
}

// boolFlag reads a boolean flag of a (true when absent).
func boolFlag(a *analysis.Analyzer, name string) bool {
	if a == nil {
		return true
	}
	f := a.Flags.Lookup(name)
	return f == nil || f.Value.String() == "true"
}

// Diagnostic categories, one per sub-kind.
const (
	catDoubleClose    = "double-close"
	catSendAfterClose = "send-after-close"
	catCloseInLoop    = "close-in-loop"
	catNilChannel     = "nil-channel"
)

// stepBudget bounds each path exploration (instructions visited). A search
// over budget gives up silently: no report.
const stepBudget = 20000

// passCtx is the state of one pass.
type passCtx struct {
	pass  *analysis.Pass
	exprs map[token.Pos]ast.Node // lazily built: operation position -> syntax
	diags []analysis.Diagnostic
	seen  map[token.Pos]bool // reported positions
	// senders enables the close-with-other-senders sub-check.
	senders bool
	// fields enables the checks of channel fields across methods;
	// lateSend the sends racing with another method's close.
	fields   bool
	lateSend bool
	model    *chanmodel.Result // the channel model's result (facts of other packages)
	funcs    []*ssa.Function   // the package's source functions
	closers  []*ssa.Function   // methods named Close (lazily)
	// sums memoizes function summaries (see summaryOf).
	sums map[*ssa.Function]*summary
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo, ok := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	if !ok || ssainfo == nil {
		return nil, nil
	}
	pc := &passCtx{pass: pass, seen: make(map[token.Pos]bool), senders: flagSenders(pass.Analyzer), fields: boolFlag(pass.Analyzer, "fields")}
	pc.lateSend = pc.fields && flagOn(pass.Analyzer, "latesend")
	pc.funcs = ssainfo.SrcFuncs
	pc.model, _ = pass.ResultOf[chanmodel.Analyzer].(*chanmodel.Result)
	hasChanOps := false
	for _, fn := range ssainfo.SrcFuncs {
		if fn == nil || len(fn.Blocks) == 0 {
			continue // external or not built
		}
		fc := newFuncCtx(pc, fn)
		fc.check()
		if len(fc.ops) > 0 {
			hasChanOps = true
		}
	}
	if hasChanOps && (pc.senders || pc.fields) {
		m := pass.ResultOf[chanmodel.Analyzer].(*chanmodel.Result).Model()
		if pc.senders {
			pc.checkSenders(m)
		}
		if pc.fields {
			pc.checkFields(m)
		}
	}
	// Deterministic output.
	sort.SliceStable(pc.diags, func(i, j int) bool { return pc.diags[i].Pos < pc.diags[j].Pos })
	for _, d := range pc.diags {
		pass.Report(d)
	}
	return nil, nil
}

func (pc *passCtx) report(d analysis.Diagnostic) {
	if !d.Pos.IsValid() || pc.seen[d.Pos] {
		return
	}
	pc.seen[d.Pos] = true
	var rel []analysis.RelatedInformation
	for _, r := range d.Related {
		if r.Pos.IsValid() {
			rel = append(rel, r)
		}
	}
	d.Related = rel
	pc.diags = append(pc.diags, d)
}

// node returns the syntax of the channel operation at pos (a CallExpr of
// close, a SendStmt, or a receive UnaryExpr), or nil.
func (pc *passCtx) node(pos token.Pos) ast.Node {
	if pc.exprs == nil {
		pc.exprs = make(map[token.Pos]ast.Node)
		for _, f := range pc.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					pc.exprs[n.Lparen] = n
				case *ast.SendStmt:
					pc.exprs[n.Arrow] = n
				case *ast.UnaryExpr:
					if n.Op == token.ARROW {
						pc.exprs[n.OpPos] = n
					}
				case *ast.RangeStmt:
					pc.exprs[n.For] = n
				case *ast.DeferStmt:
					pc.exprs[n.Defer] = n.Call
				}
				return true
			})
		}
	}
	return pc.exprs[pos]
}

// chanText returns the source text of the channel operand of the operation
// at pos, or "the channel".
func (pc *passCtx) chanText(pos token.Pos) string {
	var e ast.Expr
	switch n := pc.node(pos).(type) {
	case *ast.CallExpr:
		if len(n.Args) == 1 {
			e = n.Args[0]
		}
	case *ast.SendStmt:
		e = n.Chan
	case *ast.UnaryExpr:
		e = n.X
	case *ast.RangeStmt:
		e = n.X
	}
	if e == nil {
		return "the channel"
	}
	s := types.ExprString(e)
	if len(s) > 40 {
		return "the channel"
	}
	return s
}

// rangeOf returns the narrowest range for the operation at pos.
func (pc *passCtx) rangeOf(pos token.Pos) (token.Pos, token.Pos) {
	if n := pc.node(pos); n != nil {
		return n.Pos(), n.End()
	}
	return pos, token.NoPos
}

func (pc *passCtx) line(pos token.Pos) int {
	if !pos.IsValid() {
		return 0
	}
	return pc.pass.Fset.Position(pos).Line
}

// A key identifies a channel: an SSA value (path "") or a memory location
// reached from a base value through loads ("*") and field selections
// (".N"). Inv: two operations with equal keys operate on the same channel
// when no kill (see killsMem) lies between them.
type key struct {
	base ssa.Value
	path string
}

func (k key) isMem() bool { return k.path != "" }

// resolve returns the key of a channel or address value.
func resolve(v ssa.Value) key {
	path := ""
	for i := 0; i < 32; i++ {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op == token.MUL {
				path = "*" + path
				v = x.X
				continue
			}
		case *ssa.FieldAddr:
			path = fmt.Sprintf(".%d", x.Field) + path
			v = x.X
			continue
		}
		break
	}
	return key{v, path}
}

// opKind is the kind of a channel operation.
type opKind int

const (
	opClose opKind = iota
	opSend
	opDeferClose // defer close(ch), or a deferred closure that closes ch first thing
	opCallClose  // a call of a package function that closes ch on every path
)

type chanOp struct {
	kind  opKind
	instr ssa.Instruction
	key   key
	pos   token.Pos
	// For opCallClose: the callee and the channel's name at the call.
	callee *ssa.Function
	name   string
}

// funcCtx is the state of one function.
type funcCtx struct {
	pc  *passCtx
	fn  *ssa.Function
	ops []chanOp
	// byInstr maps close/send/defer instructions to their op.
	byInstr map[ssa.Instruction]*chanOp
	// localCache memoizes localAlloc.
	localCache map[*ssa.Alloc]bool
	// latches maps a loop header to the sources of its back edges.
	latches map[*ssa.BasicBlock][]*ssa.BasicBlock
}

func newFuncCtx(pc *passCtx, fn *ssa.Function) *funcCtx {
	return &funcCtx{pc: pc, fn: fn, byInstr: make(map[ssa.Instruction]*chanOp), localCache: make(map[*ssa.Alloc]bool)}
}

func (c *funcCtx) check() {
	for _, b := range c.fn.Blocks {
		for _, ins := range b.Instrs {
			c.collect(ins)
		}
	}
	for i := range c.ops {
		c.byInstr[c.ops[i].instr] = &c.ops[i]
	}
	c.computeLoops()
	for i := range c.ops {
		if k := c.ops[i].kind; k == opClose || k == opCallClose {
			c.checkClose(&c.ops[i])
		}
	}
}

// collect records channel operations and reports nil-channel operations.
func (c *funcCtx) collect(ins ssa.Instruction) {
	switch ins := ins.(type) {
	case *ssa.Call:
		if syncapi.IsBuiltin(&ins.Call, "close") && len(ins.Call.Args) == 1 {
			ch := ins.Call.Args[0]
			if isNilChan(ch) {
				c.reportNil(ins.Pos(), "close of nil channel panics")
				return
			}
			c.ops = append(c.ops, chanOp{kind: opClose, instr: ins, key: resolve(ch), pos: ins.Pos()})
			return
		}
		c.collectCallCloses(ins)
	case *ssa.Defer:
		if syncapi.IsBuiltin(&ins.Call, "close") && len(ins.Call.Args) == 1 {
			c.ops = append(c.ops, chanOp{kind: opDeferClose, instr: ins, key: resolve(ins.Call.Args[0]), pos: ins.Pos()})
			return
		}
		if mc, ok := ins.Call.Value.(*ssa.MakeClosure); ok {
			for _, k := range closureCloses(mc) {
				c.ops = append(c.ops, chanOp{kind: opDeferClose, instr: ins, key: k, pos: ins.Pos()})
			}
		}
	case *ssa.Send:
		if isNilChan(ins.Chan) {
			c.reportNil(ins.Pos(), "send on nil channel blocks forever")
			return
		}
		c.ops = append(c.ops, chanOp{kind: opSend, instr: ins, key: resolve(ins.Chan), pos: ins.Pos()})
	case *ssa.UnOp:
		if ins.Op == token.ARROW && isNilChan(ins.X) {
			if c.isRangeRecv(ins) {
				c.reportNil(ins.Pos(), "range over nil channel blocks forever")
			} else {
				c.reportNil(ins.Pos(), "receive from nil channel blocks forever")
			}
		}
	}
}

// isRangeRecv reports whether recv is the receive of a for-range loop
// (SSA gives it the position of the range statement's "for"... or none).
func (c *funcCtx) isRangeRecv(recv *ssa.UnOp) bool {
	_, ok := c.pc.node(recv.Pos()).(*ast.RangeStmt)
	return ok
}

func (c *funcCtx) reportNil(pos token.Pos, what string) {
	if !pos.IsValid() {
		return
	}
	start, end := c.pc.rangeOf(pos)
	c.pc.report(analysis.Diagnostic{
		Pos: start, End: end, Category: catNilChannel,
		Message: fmt.Sprintf("%s: %s is nil on every path to here", what, c.pc.chanText(pos)),
	})
}

// isNilChan reports whether v is a channel that is nil on every path: the
// nil constant (SSA folds a never-assigned "var ch chan T" to it), or a phi
// whose every edge is.
func isNilChan(v ssa.Value) bool {
	return nilChan(v, make(map[ssa.Value]bool))
}

func nilChan(v ssa.Value, seen map[ssa.Value]bool) bool {
	if seen[v] {
		return true // a cycle contributes no non-nil value
	}
	seen[v] = true
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value != nil {
			return false
		}
		_, ok := x.Type().Underlying().(*types.Chan)
		return ok
	case *ssa.ChangeType:
		return nilChan(x.X, seen)
	case *ssa.UnOp:
		// A load of a captured variable that nothing ever stores to.
		if x.Op != token.MUL {
			return false
		}
		if _, ok := x.Type().Underlying().(*types.Chan); !ok {
			return false
		}
		switch a := x.X.(type) {
		case *ssa.Alloc:
			return neverStored(a, a.Referrers(), 0)
		case *ssa.FreeVar:
			bs := bindings(a)
			for _, b := range bs {
				alloc, ok := b.(*ssa.Alloc)
				if !ok || !neverStored(alloc, alloc.Referrers(), 0) {
					return false
				}
			}
			return len(bs) > 0
		}
		return false
	case *ssa.Phi:
		if len(x.Edges) == 0 {
			return false
		}
		for _, e := range x.Edges {
			if !nilChan(e, seen) {
				return false
			}
		}
		return true
	}
	return false
}

// neverStored reports whether the variable at addr is only ever loaded:
// no store, no escape of its address, in this function or a closure.
func neverStored(addr ssa.Value, refs *[]ssa.Instruction, depth int) bool {
	if refs == nil || depth > 3 {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.DebugRef:
		case *ssa.MakeClosure:
			fn, ok := r.Fn.(*ssa.Function)
			if !ok {
				return false
			}
			for i, b := range r.Bindings {
				if b == addr && (i >= len(fn.FreeVars) || !neverStored(fn.FreeVars[i], fn.FreeVars[i].Referrers(), depth+1)) {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// bindings returns the values bound to the free variable fv by the
// closures of its function created in the enclosing function.
func bindings(fv *ssa.FreeVar) []ssa.Value {
	fn := fv.Parent()
	if fn == nil || fn.Parent() == nil {
		return nil
	}
	idx := -1
	for i, f := range fn.FreeVars {
		if f == fv {
			idx = i
		}
	}
	if idx < 0 {
		return nil
	}
	var out []ssa.Value
	for _, blk := range fn.Parent().Blocks {
		for _, ins := range blk.Instrs {
			if mc, ok := ins.(*ssa.MakeClosure); ok && mc.Fn == fn && idx < len(mc.Bindings) {
				out = append(out, mc.Bindings[idx])
			}
		}
	}
	return out
}

// closureCloses returns the keys (in the enclosing function) of the
// channels that the closure of mc closes unconditionally in its entry block.
func closureCloses(mc *ssa.MakeClosure) []key {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok || len(fn.Blocks) == 0 {
		return nil
	}
	var keys []key
	for _, ins := range fn.Blocks[0].Instrs {
		call, ok := ins.(*ssa.Call)
		if !ok {
			continue // only calls close channels
		}
		if !syncapi.IsBuiltin(&call.Call, "close") || len(call.Call.Args) != 1 {
			if syncapi.IsNoReturnCall(&call.Call) {
				break
			}
			continue // other calls neither close nor stop the closure
		}
		k := resolve(call.Call.Args[0])
		fv, ok := k.base.(*ssa.FreeVar)
		if !ok {
			continue // not captured from the enclosing function
		}
		for i, f := range fn.FreeVars {
			if f == fv && i < len(mc.Bindings) {
				keys = append(keys, key{mc.Bindings[i], k.path})
			}
		}
	}
	return keys
}

// computeLoops finds back edges: an edge p -> h where h dominates p.
func (c *funcCtx) computeLoops() {
	c.latches = make(map[*ssa.BasicBlock][]*ssa.BasicBlock)
	for _, b := range c.fn.Blocks {
		for _, s := range b.Succs {
			if s.Dominates(b) {
				c.latches[s] = append(c.latches[s], b)
			}
		}
	}
}

// loopBody returns the blocks of the natural loop headed by h.
func (c *funcCtx) loopBody(h *ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	return ssacfg.LoopBody(h, c.latches[h]...)
}

// stableAt reports whether value v denotes the same dynamic value on every
// iteration of the loop headed by h: it is defined outside the loop.
func stableAt(v ssa.Value, h *ssa.BasicBlock) bool {
	ins, ok := v.(ssa.Instruction)
	if !ok {
		return true // parameters, free variables, globals, constants, functions
	}
	b := ins.Block()
	return b != nil && b != h && b.Dominates(h)
}

// localAlloc reports whether alloc is a local variable whose only writers
// are Store instructions of this function: no closure writes it and its
// address does not escape. Calls then cannot reassign it.
func (c *funcCtx) localAlloc(a *ssa.Alloc) bool {
	if r, ok := c.localCache[a]; ok {
		return r
	}
	c.localCache[a] = false // cycles: assume not
	r := onlyLoadsAndOwnStores(a, a.Referrers(), 0)
	c.localCache[a] = r
	return r
}

func onlyLoadsAndOwnStores(addr ssa.Value, refs *[]ssa.Instruction, depth int) bool {
	if refs == nil || depth > 3 {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.Store:
			if r.Addr != addr || r.Val == addr {
				return false
			}
			if depth > 0 {
				return false // a closure writes the variable
			}
		case *ssa.DebugRef:
		case *ssa.MakeClosure:
			fn, ok := r.Fn.(*ssa.Function)
			if !ok {
				return false
			}
			for i, b := range r.Bindings {
				if b == addr {
					if i >= len(fn.FreeVars) || !onlyLoadsAndOwnStores(fn.FreeVars[i], fn.FreeVars[i].Referrers(), depth+1) {
						return false
					}
				}
			}
		default:
			return false
		}
	}
	return true
}

// callProof reports whether the memory key k cannot be changed by a call:
// it is a local variable that no closure writes.
func (c *funcCtx) callProof(k key) bool {
	if k.path != "*" {
		return false
	}
	switch b := k.base.(type) {
	case *ssa.Alloc:
		return c.localAlloc(b)
	case *ssa.FreeVar:
		// A captured variable: every binding must be a call-proof local of
		// the enclosing function.
		bs := bindings(b)
		for _, v := range bs {
			a, ok := v.(*ssa.Alloc)
			if !ok {
				return false
			}
			pctx := &funcCtx{localCache: make(map[*ssa.Alloc]bool)}
			if !pctx.localAlloc(a) {
				return false
			}
		}
		return len(bs) > 0
	}
	return false
}

// isCall reports whether ins is a synchronous call that may run arbitrary
// code: not a builtin, not a table entry of syncapi.
func isOpaqueCall(ins ssa.Instruction) bool {
	call, ok := ins.(*ssa.Call)
	if !ok {
		return false
	}
	if _, ok := call.Call.Value.(*ssa.Builtin); ok {
		return false
	}
	if op, _ := syncapi.CallOp(&call.Call); op != syncapi.None && op != syncapi.AtomicWrite {
		return false
	}
	return true
}

// kills reports whether ins may change which channel the memory key k
// denotes: an opaque call (unless k is a call-proof local), or a store of a
// non-basic value (a channel, pointer or struct) anywhere. Stores of
// booleans, numbers and strings cannot change a channel.
func (c *funcCtx) kills(ins ssa.Instruction, k key) bool {
	if !k.isMem() {
		return false // SSA values are immutable
	}
	switch ins := ins.(type) {
	case *ssa.Store:
		_, basic := ins.Val.Type().Underlying().(*types.Basic)
		if basic {
			return false
		}
		// A store into a stack-local variable (a composite literal being
		// built, a local struct) changes only that variable.
		if a, ok := resolve(ins.Addr).base.(*ssa.Alloc); ok && !a.Heap && a != k.base {
			return false
		}
		return true
	case *ssa.Call:
		if _, global := k.base.(*ssa.Global); !global && c.pc.cannotReach(ins) {
			return false
		}
		if f := c.pc.fieldsFact(ins.Common().StaticCallee()); f != nil && !f.Reassigns && len(ins.Call.Args) > 0 && resolve(ins.Call.Args[0]).base == k.base {
			return false // a method of another package that does not reassign its receiver's channels
		}
		return isOpaqueCall(ins) && !c.pc.cleanCall(ins) && !c.callProof(k)
	}
	return false
}

// cannotReach reports whether call is a static call of a function of
// another package whose arguments are all of basic types (time.After(d),
// strconv.Itoa(n)): it cannot reach this package's memory other than
// through globals.
func (pc *passCtx) cannotReach(call *ssa.Call) bool {
	fn, ok := call.Call.Value.(*ssa.Function)
	if !ok || call.Call.IsInvoke() || fn.Pkg == nil || fn.Pkg.Pkg == pc.pass.Pkg {
		return false
	}
	for _, a := range call.Call.Args {
		if _, basic := a.Type().Underlying().(*types.Basic); !basic {
			return false
		}
	}
	return true
}

// state is the branch knowledge along one path: boolean values known to be
// true or false, and boolean memory locations with a known content.
// Copy on write: clone before changing a state shared by two paths.
type state struct {
	vals map[ssa.Value]bool
	mem  map[key]bool
}

func (s *state) clone() *state {
	n := &state{vals: make(map[ssa.Value]bool, len(s.vals)), mem: make(map[key]bool, len(s.mem))}
	for k, v := range s.vals {
		n.vals[k] = v
	}
	for k, v := range s.mem {
		n.mem[k] = v
	}
	return n
}

func (s *state) eval(v ssa.Value) (bool, bool) {
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value != nil && x.Value.Kind() == constant.Bool {
			return constant.BoolVal(x.Value), true
		}
		return false, false
	case *ssa.UnOp:
		if x.Op == token.NOT {
			b, ok := s.eval(x.X)
			return !b, ok
		}
	}
	b, ok := s.vals[v]
	return b, ok
}

// assume records that v has value b.
func (s *state) assume(v ssa.Value, b bool) {
	s.vals[v] = b
	if u, ok := v.(*ssa.UnOp); ok {
		switch u.Op {
		case token.NOT:
			s.assume(u.X, !b)
		case token.MUL:
			s.mem[resolve(u)] = b
		}
	}
}

// step updates s for the effect of ins (which is not a terminator).
func (c *funcCtx) step(ins ssa.Instruction, s *state) {
	switch ins := ins.(type) {
	case *ssa.UnOp:
		if ins.Op == token.MUL {
			if b, ok := s.mem[resolve(ins)]; ok {
				s.vals[ins] = b
			}
		}
	case *ssa.Store:
		k := resolve(ins.Addr)
		k.path += "*"
		// Any store may alias a remembered location other than k.
		for m := range s.mem {
			if m != k && !c.callProof(m) {
				delete(s.mem, m)
			}
		}
		if b, ok := s.eval(ins.Val); ok {
			s.mem[k] = b
		} else {
			delete(s.mem, k)
		}
	case *ssa.Call:
		if isOpaqueCall(ins) {
			for m := range s.mem {
				if !c.callProof(m) {
					delete(s.mem, m)
				}
			}
		}
	}
}

// enter updates s for taking the edge from -> to: phis take their edge
// values, and on a back edge the values defined inside the loop are
// forgotten (they are recomputed on the next iteration).
func (c *funcCtx) enter(from, to *ssa.BasicBlock, s *state) *state {
	idx := -1
	for i, p := range to.Preds {
		if p == from {
			idx = i
			break
		}
	}
	phis := map[ssa.Value]int{} // phi -> 0 unknown, 1 false, 2 true
	for _, ins := range to.Instrs {
		phi, ok := ins.(*ssa.Phi)
		if !ok {
			break
		}
		phis[phi] = 0
		if idx >= 0 && idx < len(phi.Edges) {
			if b, ok := s.eval(phi.Edges[idx]); ok {
				phis[phi] = 1
				if b {
					phis[phi] = 2
				}
			}
		}
	}
	back := to.Dominates(from)
	if len(phis) == 0 && !back {
		return s
	}
	n := s.clone()
	if back {
		for v := range n.vals {
			if !stableAt(v, to) {
				delete(n.vals, v)
			}
		}
	}
	for phi, st := range phis {
		delete(n.vals, phi)
		if st > 0 {
			n.vals[phi] = st == 2
		}
	}
	return n
}

// succs returns the feasible successors of b's terminator under s, with
// the state for each.
func (c *funcCtx) succs(b *ssa.BasicBlock, s *state) ([]*ssa.BasicBlock, []*state) {
	if len(b.Instrs) == 0 {
		return nil, nil
	}
	switch t := b.Instrs[len(b.Instrs)-1].(type) {
	case *ssa.If:
		if len(b.Succs) != 2 {
			return nil, nil
		}
		if v, ok := s.eval(t.Cond); ok {
			i := 1
			if v {
				i = 0
			}
			return []*ssa.BasicBlock{b.Succs[i]}, []*state{c.enter(b, b.Succs[i], s)}
		}
		st, sf := s.clone(), s.clone()
		st.assume(t.Cond, true)
		sf.assume(t.Cond, false)
		return b.Succs, []*state{c.enter(b, b.Succs[0], st), c.enter(b, b.Succs[1], sf)}
	case *ssa.Jump:
		if len(b.Succs) != 1 {
			return nil, nil
		}
		return b.Succs, []*state{c.enter(b, b.Succs[0], s)}
	}
	return nil, nil
}

// search explores the paths from one close.
type search struct {
	c      *funcCtx
	a      *chanOp // the close the paths start from
	defers []*chanOp
	steps  int
	over   bool
	onPath map[*ssa.BasicBlock]bool
	hits   []*chanOp
	seen   map[*chanOp]bool
}

// result of exploring one path.
type result int

const (
	pruned result = iota // the path panics or exits: it neither hits nor escapes
	hit                  // the path reaches a panicking operation on the channel
	escape               // the path returns, loops, or loses the channel
)

func (s *search) record(op *chanOp) {
	if !s.seen[op] {
		s.seen[op] = true
		s.hits = append(s.hits, op)
	}
}

// must explores every feasible path from instruction i of block b and
// reports whether none of them escapes.
func (s *search) must(b *ssa.BasicBlock, i int, st *state) result {
	for ; i < len(b.Instrs); i++ {
		s.steps++
		if s.steps > stepBudget {
			s.over = true
			return escape
		}
		ins := b.Instrs[i]
		if op := s.c.byInstr[ins]; op != nil && op.key == s.a.key {
			if op == s.a {
				// Back at the first close: whether it runs again is the
				// loop check's question (it needs every iteration to close).
				return escape
			}
			switch op.kind {
			case opClose, opSend, opCallClose:
				s.record(op)
				return hit
			case opDeferClose:
				s.record(op) // runs when the function returns or panics
				return hit
			}
		}
		if s.c.kills(ins, s.a.key) {
			return escape
		}
		switch ins := ins.(type) {
		case *ssa.Panic:
			return pruned
		case *ssa.Call:
			if syncapi.IsNoReturnCall(&ins.Call) {
				return pruned
			}
		case *ssa.Return:
			if len(s.defers) > 0 {
				s.record(s.defers[0])
				return hit
			}
			return escape
		}
		s.c.step(ins, st)
	}
	succs, states := s.c.succs(b, st)
	if len(succs) == 0 {
		return escape // unknown terminator
	}
	if _, _, _, ok := chanmodel.SelectCaseEdge(b, 0); ok && len(succs) == 2 {
		// A select dispatch: which case runs is the runtime's choice, not
		// data the code can correlate, so one case reaching the operation
		// is an execution that panics.
		res := pruned
		for j, nb := range succs {
			if s.onPath[nb] || (s.c.latchOf(b, nb) && !s.stable(nb)) {
				continue
			}
			s.onPath[nb] = true
			r := s.must(nb, 0, states[j])
			delete(s.onPath, nb)
			if s.over {
				return escape
			}
			if r == hit {
				return hit
			}
			if r == escape {
				res = escape
			}
		}
		return res
	}
	res := pruned
	for j, nb := range succs {
		if s.c.latchOf(b, nb) && !s.stable(nb) {
			return escape // the next iteration operates on a new channel
		}
		if s.onPath[nb] {
			// A cycle without the operation: its exits are explored from
			// the first visit; an endless loop neither hits nor escapes.
			continue
		}
		s.onPath[nb] = true
		r := s.must(nb, 0, states[j])
		delete(s.onPath, nb)
		if r == escape {
			return escape
		}
		if r == hit {
			res = hit
		}
	}
	return res
}

// again explores the paths from instruction i of block b and reports
// whether one of them reaches the close s.a again with the channel
// unchanged.
func (s *search) again(b *ssa.BasicBlock, i int, st *state) bool {
	for ; i < len(b.Instrs); i++ {
		s.steps++
		if s.steps > stepBudget {
			s.over = true
			return false
		}
		ins := b.Instrs[i]
		if ins == s.a.instr {
			return true
		}
		if s.c.kills(ins, s.a.key) {
			return false
		}
		switch ins := ins.(type) {
		case *ssa.Panic, *ssa.Return:
			return false
		case *ssa.Call:
			if syncapi.IsNoReturnCall(&ins.Call) {
				return false
			}
		}
		s.c.step(ins, st)
	}
	succs, states := s.c.succs(b, st)
	for j, nb := range succs {
		if s.onPath[nb] && nb != s.a.instr.Block() {
			continue // a cycle that does not reach the close
		}
		if s.c.latchOf(b, nb) && !s.stable(nb) {
			continue // the channel is re-made on each iteration
		}
		s.onPath[nb] = true
		ok := s.again(nb, 0, states[j])
		delete(s.onPath, nb)
		if ok || s.over {
			return ok
		}
	}
	return false
}

// latchOf reports whether from -> to is a back edge.
func (c *funcCtx) latchOf(from, to *ssa.BasicBlock) bool { return to.Dominates(from) }

// stable reports whether the channel of s.a is the same on every iteration
// of the loop headed by h.
func (s *search) stable(h *ssa.BasicBlock) bool { return stableAt(s.a.key.base, h) }

// checkClose looks for the operations that must follow the close a.
func (c *funcCtx) checkClose(a *chanOp) {
	b := a.instr.Block()
	if b == nil {
		return
	}
	idx := -1
	for i, ins := range b.Instrs {
		if ins == a.instr {
			idx = i
		}
	}
	if idx < 0 {
		return
	}
	s := &search{c: c, a: a, onPath: make(map[*ssa.BasicBlock]bool), seen: make(map[*chanOp]bool)}
	s.defers = c.defersBefore(a)

	// 1. Every feasible path from the close reaches a second close, a send
	// or the return through a deferred close.
	st := &state{vals: map[ssa.Value]bool{}, mem: map[key]bool{}}
	if r := s.must(b, idx+1, st); r == hit && !s.over {
		for _, op := range s.hits {
			c.reportAfterClose(a, op)
		}
		return
	}

	// 2. A close in a loop, executed on every iteration that continues the
	// loop, with a channel that is not re-made per iteration.
	for h, latches := range c.latches {
		body := c.loopBody(h)
		if !body[b] || !stableAt(a.key.base, h) {
			continue // not in this loop, or re-made per iteration
		}
		all := true
		for _, l := range latches {
			if !b.Dominates(l) {
				all = false
			}
		}
		if !all {
			continue // some iterations skip the close
		}
		s2 := &search{c: c, a: a, onPath: make(map[*ssa.BasicBlock]bool)}
		st := &state{vals: map[ssa.Value]bool{}, mem: map[key]bool{}}
		if s2.again(b, idx+1, st) && !s2.over {
			start, end := c.pc.rangeOf(a.pos)
			c.pc.report(analysis.Diagnostic{
				Pos: start, End: end, Category: catCloseInLoop,
				Message: fmt.Sprintf("close of closed channel: %s is closed on every iteration of the loop, and it is not re-made in the loop", c.pc.chanText(a.pos)),
			})
			return
		}
	}
}

// defersBefore returns the deferred closes of a's channel registered on
// every path to a, with the channel unchanged since.
func (c *funcCtx) defersBefore(a *chanOp) []*chanOp {
	var out []*chanOp
	ab := a.instr.Block()
	for i := range c.ops {
		d := &c.ops[i]
		if d.kind != opDeferClose || d.key != a.key {
			continue // not a deferred close of this channel
		}
		db := d.instr.Block()
		if db == nil || !db.Dominates(ab) {
			continue // not registered on every path
		}
		if db == ab && !ssacfg.EarlierInBlock(d.instr, a.instr) {
			continue
		}
		if c.inAnyLoop(db) {
			continue // a defer in a loop: the channel may differ per iteration
		}
		if a.key.isMem() && c.killBetween(d.instr, a.instr, a.key) {
			continue // the channel may have changed
		}
		out = append(out, d)
	}
	return out
}

func (c *funcCtx) inAnyLoop(b *ssa.BasicBlock) bool {
	for h := range c.latches {
		if c.loopBody(h)[b] {
			return true
		}
	}
	return false
}

// killBetween reports whether a kill of k may lie on a path from x to y.
func (c *funcCtx) killBetween(x, y ssa.Instruction, k key) bool {
	fwd := ssacfg.Reach(ssacfg.Succs, x.Block())
	bwd := ssacfg.Reach(ssacfg.Preds, y.Block())
	for b := range fwd {
		if !bwd[b] {
			continue // not between
		}
		instrs := b.Instrs
		// Inv: x and y are not in a loop (callers check), so only the part
		// of their blocks after x and before y lies between them.
		if b == y.Block() && !c.inAnyLoop(b) {
			instrs = instrs[:ssacfg.Index(y)]
		}
		if b == x.Block() {
			if i := ssacfg.Index(x); i < len(instrs) {
				instrs = instrs[i+1:]
			} else {
				instrs = nil
			}
		}
		for _, ins := range instrs {
			if c.kills(ins, k) {
				return true
			}
		}
	}
	return false
}

func (c *funcCtx) reportAfterClose(a, op *chanOp) {
	name := c.pc.chanText(a.pos)
	if a.kind == opCallClose {
		name = a.name
	}
	aStart, _ := c.pc.rangeOf(a.pos)
	closed := analysis.RelatedInformation{Pos: aStart, Message: "channel closed here"}
	switch op.kind {
	case opClose:
		if op == a {
			start, end := c.pc.rangeOf(a.pos)
			c.pc.report(analysis.Diagnostic{
				Pos: start, End: end, Category: catCloseInLoop,
				Message: fmt.Sprintf("close of closed channel: %s is closed on every iteration of the loop, and it is not re-made in the loop", name),
			})
			return
		}
		by := ""
		if a.kind == opCallClose {
			by = " by " + a.callee.Name()
		}
		start, end := c.pc.rangeOf(op.pos)
		c.pc.report(analysis.Diagnostic{
			Pos: start, End: end, Category: catDoubleClose,
			Message: fmt.Sprintf("close of closed channel: %s was closed%s at line %d, and execution continues from there to this close", name, by, c.pc.line(a.pos)),
			Related: []analysis.RelatedInformation{closed},
		})
	case opCallClose:
		start, end := c.pc.rangeOf(op.pos)
		c.pc.report(analysis.Diagnostic{
			Pos: start, End: end, Category: catDoubleClose,
			Message: fmt.Sprintf("close of closed channel: %s closes %s, which was closed at line %d, and execution continues from there to this call",
				op.callee.Name(), op.name, c.pc.line(a.pos)),
			Related: []analysis.RelatedInformation{closed},
		})
	case opSend:
		start, end := c.pc.rangeOf(op.pos)
		c.pc.report(analysis.Diagnostic{
			Pos: start, End: end, Category: catSendAfterClose,
			Message: fmt.Sprintf("send on closed channel: %s was closed at line %d, and execution continues from there to this send", c.pc.chanText(op.pos), c.pc.line(a.pos)),
			Related: []analysis.RelatedInformation{closed},
		})
	case opDeferClose:
		start, end := c.pc.rangeOf(a.pos)
		c.pc.report(analysis.Diagnostic{
			Pos: start, End: end, Category: catDoubleClose,
			Message: fmt.Sprintf("close of closed channel: the deferred close at line %d closes %s again when the function returns", c.pc.line(op.pos), name),
			Related: []analysis.RelatedInformation{{Pos: op.pos, Message: "deferred close here"}},
		})
	}
}
