package goroutineleak

import (
	_ "embed"
	"fmt"
	"github.com/conclint/conclint/internal/ssacfg"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/analyzerdoc"
	"github.com/conclint/conclint/internal/chanmodel"
	"github.com/conclint/conclint/internal/syncapi"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines that can block forever.
var Analyzer = &analysis.Analyzer{
	Name:     "goroutineleak",
	Doc:      analyzerdoc.MustExtract(doc, "goroutineleak"),
	URL:      analyzerdoc.URL("goroutineleak"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer, chanmodel.Analyzer},
	Run:      run,
}

// Diagnostic categories, one per sub-kind.
const (
	catSend     = "abandoned-send"     // the receiver can leave without receiving
	catRecv     = "unfed-receive"      // nobody sends on or closes the channel (on some path)
	catCtx      = "uncancelled-ctx"    // waits on a context that is never cancelled
	catCond     = "unsignalled-cond"   // Cond.Wait with no Signal/Broadcast
	catWGSkip   = "waitgroup-skipdone" // Wait for a goroutine that can skip Done
	maxBlocks   = 2000                 // budget: functions with more blocks are skipped
	maxBindings = 64                   // budget: depth of value resolution
)

// checker is the per-pass state.
type checker struct {
	pass  *analysis.Pass
	model *chanmodel.Model
	ssa   *buildssa.SSA

	loops    map[*ssa.Function]map[*ssa.BasicBlock]bool
	closures map[*ssa.Function][]*ssa.MakeClosure    // closure → its MakeClosure sites
	calls    map[*ssa.Function][]ssa.CallInstruction // static call sites (incl. go/defer) per function

	freshConds map[condKey]bool

	diags []analysis.Diagnostic
}

func run(pass *analysis.Pass) (any, error) {
	defer explored(pass)()
	ssainfo, ok := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	if !ok || ssainfo == nil || ssainfo.Pkg == nil {
		return nil, nil
	}
	// Early exit: no go statement and no Cond.Wait, nothing to report.
	if !hasGoOrCond(ssainfo.SrcFuncs) {
		return nil, nil
	}
	c := &checker{
		pass:     pass,
		ssa:      ssainfo,
		loops:    make(map[*ssa.Function]map[*ssa.BasicBlock]bool),
		closures: make(map[*ssa.Function][]*ssa.MakeClosure),
		calls:    make(map[*ssa.Function][]ssa.CallInstruction),
	}
	c.model = pass.ResultOf[chanmodel.Analyzer].(*chanmodel.Result).Model()
	if c.model.Incomplete {
		return nil, nil // over budget: silent
	}
	c.index()
	for _, g := range c.model.Goroutines {
		if (g.Entry == nil && g.Callee == nil) || lifetimeOfProcess(g.Spawner) || tooBig(g.Spawner) || (g.Entry != nil && tooBig(g.Entry)) {
			continue // unknown code, or main/init: the process bounds it
		}
		c.checkSends(g)
		c.checkRecvs(g)
		if g.Entry == nil {
			continue // a function of another package: only its summary is known
		}
		c.checkCtx(g)
		c.checkWaitGroup(g)
		c.checkWaitInLoop(g)
	}
	c.checkConds()

	sort.SliceStable(c.diags, func(i, j int) bool { return c.diags[i].Pos < c.diags[j].Pos })
	seen := make(map[token.Pos]bool)
	for _, d := range c.diags {
		if seen[d.Pos] {
			continue // one report per blocking operation
		}
		seen[d.Pos] = true
		pass.Report(d)
	}
	return nil, nil
}

func hasGoOrCond(funcs []*ssa.Function) bool {
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch in := instr.(type) {
				case *ssa.Go:
					return true
				case *ssa.Call:
					switch op, _ := syncapi.CallOp(in.Common()); op {
					case syncapi.CondWait, syncapi.WGGo, syncapi.ErrgroupGo, syncapi.ErrgroupTryGo:
						return true
					}
				}
			}
		}
	}
	return false
}

func tooBig(fn *ssa.Function) bool { return len(fn.Blocks) > maxBlocks || len(fn.Blocks) == 0 }

// lifetimeOfProcess reports whether fn is (inside) main.main or an init
// function: goroutines blocked there live as long as the process anyway.
func lifetimeOfProcess(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main" && fn.Name() == "main" && fn.Signature.Recv() == nil {
		return true
	}
	return fn.Synthetic == "package initializer" || (fn.Signature.Recv() == nil && strings.HasPrefix(fn.Name(), "init#"))
}

// index records closure creation sites and static call counts.
func (c *checker) index() {
	for _, fn := range c.ssa.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch in := instr.(type) {
				case *ssa.MakeClosure:
					if f, ok := in.Fn.(*ssa.Function); ok {
						c.closures[f] = append(c.closures[f], in)
					}
				case ssa.CallInstruction:
					if f := in.Common().StaticCallee(); f != nil {
						c.calls[f] = append(c.calls[f], in)
					}
				}
			}
		}
	}
}

// inLoop returns the blocks of fn that lie on a cycle of its CFG.
func (c *checker) inLoop(fn *ssa.Function) map[*ssa.BasicBlock]bool {
	if m, ok := c.loops[fn]; ok {
		return m
	}
	m := make(map[*ssa.BasicBlock]bool)
	// Tarjan's SCC algorithm, iterative enough for our budgets.
	index := make(map[*ssa.BasicBlock]int)
	low := make(map[*ssa.BasicBlock]int)
	onStack := make(map[*ssa.BasicBlock]bool)
	var stack []*ssa.BasicBlock
	next := 0
	var strong func(b *ssa.BasicBlock)
	strong = func(b *ssa.BasicBlock) {
		index[b] = next
		low[b] = next
		next++
		stack = append(stack, b)
		onStack[b] = true
		for _, s := range b.Succs {
			if _, ok := index[s]; !ok {
				strong(s)
				low[b] = min(low[b], low[s])
			} else if onStack[s] {
				low[b] = min(low[b], index[s])
			}
		}
		if low[b] == index[b] {
			var scc []*ssa.BasicBlock
			for {
				x := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[x] = false
				scc = append(scc, x)
				if x == b {
					break
				}
			}
			if len(scc) > 1 {
				for _, x := range scc {
					m[x] = true
				}
			} else {
				for _, s := range b.Succs {
					if s == b {
						m[b] = true
					}
				}
			}
		}
	}
	for _, b := range fn.Blocks {
		if _, ok := index[b]; !ok {
			strong(b)
		}
	}
	c.loops[fn] = m
	return m
}

// ---- path search ----

// way describes how a function can return without a given event.
type way struct {
	ret    *ssa.Return // the return reached
	sel    *ssa.Select // the select whose other case (or default) was taken, or nil
	state  int         // the case taken; -1 for the default
	branch bool        // no select involved: an early return on a branch
}

// search describes the events that cut a path.
type search struct {
	cut      func(ssa.Instruction) bool            // executing the instruction is the event
	relevant func(*ssa.Select) bool                // the select has a case that is the event
	cutCase  func(sel *ssa.Select, state int) bool // taking this case is the event
	from     ssa.Instruction                       // start just after this instruction (nil: entry)
	fn       *ssa.Function
	// impossible reports select cases that can never proceed (a channel
	// nobody serves); nil means none.
	impossible func(sel *ssa.Select, state int) bool
	// failDead makes paths through t.Error/t.Errorf/t.Fail dead: once
	// the test has failed, what it leaves behind does not matter.
	failDead bool
	// forbid lists edges not to take; nil means none.
	forbid func(from, to *ssa.BasicBlock) bool
}

// findWay searches fn's CFG for a path from s.from to a return that avoids
// every event. Paths through calls that never return (panic, os.Exit,
// t.Fatal) are dead. A way through a select's other case is preferred to a
// plain branch.
func findWay(s search) *way {
	type item struct {
		b     *ssa.BasicBlock
		start int
		via   *way // the select way taken so far, or nil
	}
	var queue []item
	if s.from == nil {
		if len(s.fn.Blocks) == 0 {
			return nil
		}
		queue = append(queue, item{b: s.fn.Blocks[0]})
	} else {
		b := s.from.Block()
		for i, instr := range b.Instrs {
			if instr == s.from {
				queue = append(queue, item{b: b, start: i + 1})
			}
		}
	}
	visited := make(map[*ssa.BasicBlock][2]bool) // [via==nil, via!=nil]
	var branchWay *way
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		dead := false
		for _, instr := range it.b.Instrs[it.start:] {
			if s.cut(instr) {
				dead = true
				break
			}
			if call, ok := instr.(*ssa.Call); ok && (syncapi.IsNoReturnCall(call.Common()) || s.failDead && syncapi.IsTestFailureCall(call.Common())) {
				dead = true
				break
			}
			if ret, ok := instr.(*ssa.Return); ok {
				if it.via != nil {
					w := *it.via
					w.ret = ret
					return &w
				}
				if branchWay == nil {
					branchWay = &way{ret: ret, branch: true}
				}
				dead = true
			}
		}
		if dead {
			continue
		}
		for i, succ := range it.b.Succs {
			via := it.via
			if s.forbid != nil && s.forbid(it.b, succ) {
				continue
			}
			sel, k, taken, isCase := chanmodel.SelectCaseEdge(it.b, i)
			if isCase && taken && s.impossible != nil && s.impossible(sel, k) {
				continue
			}
			if isCase && s.relevant(sel) {
				switch {
				case taken && s.cutCase(sel, k):
					continue
				case taken && via == nil:
					via = &way{sel: sel, state: k}
				case !taken && k == len(sel.States)-1 && !sel.Blocking && via == nil:
					via = &way{sel: sel, state: -1}
				}
			}
			slot := 0
			if via != nil {
				slot = 1
			}
			v := visited[succ]
			if v[slot] {
				continue
			}
			v[slot] = true
			visited[succ] = v
			queue = append(queue, item{b: succ, via: via})
		}
	}
	return branchWay
}

// impossible reports whether case k of sel can never proceed: its channel
// is nil, or a local channel with no counterpart anywhere.
func (c *checker) impossible(sel *ssa.Select, k int) bool {
	st := sel.States[k]
	if k, ok := st.Chan.(*ssa.Const); ok && k.IsNil() {
		return true
	}
	chans := c.model.ChansOf(st.Chan)
	if len(chans) != 1 || !chans[0].Local() {
		return false
	}
	for _, o := range chans[0].Ops {
		switch o.Kind {
		case chanmodel.Recv, chanmodel.Range:
			if st.Dir == types.SendOnly {
				return false
			}
		case chanmodel.Send, chanmodel.Close:
			if st.Dir == types.RecvOnly {
				return false
			}
		}
	}
	return true
}

// branchOK applies the precision rule for plain early returns: the go
// statement and every event site are outside loops, and the go statement
// dominates the event sites. Otherwise a loop count or a branch condition
// correlated with the go statement may make the path infeasible.
func (c *checker) branchOK(fn *ssa.Function, from ssa.Instruction, sites []ssa.Instruction) bool {
	loops := c.inLoop(fn)
	gb := from.Block()
	if loops[gb] || len(sites) == 0 {
		return false
	}
	for _, s := range sites {
		if loops[s.Block()] || !gb.Dominates(s.Block()) {
			return false
		}
	}
	return true
}

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

// ---- sub-case 1: a send whose receiver can leave ----

func (c *checker) checkSends(g *chanmodel.Goroutine) {
	S := g.Spawner
	sends := c.blockingOps(g, chanmodel.Send)
	reported := make(map[*chanmodel.Chan]bool)
	for _, op := range sends {
		ch := op.Chans[0]
		if reported[ch] || !ch.Local() || ch.Fn != S || !ch.CapKnown() {
			continue // counterpart may be elsewhere, or buffer size unknown
		}
		// Every receive is in the spawner; other goroutines' sends are fine.
		var recvSites []ssa.Instruction
		othersRecv := false
		nsend := 0
		for _, o := range ch.Ops {
			switch o.Kind {
			case chanmodel.Recv, chanmodel.Range:
				if !o.RunsIn(S) {
					othersRecv = true
				}
				recvSites = append(recvSites, o.Instr)
			case chanmodel.Send:
				nsend++
			}
		}
		if othersRecv || len(recvSites) == 0 {
			continue // a receiver elsewhere (a defer that drains, a helper)
		}
		// Buffer: unbuffered, or a constant buffer smaller than the sends of
		// a single goroutine running straight-line code.
		blocking := op
		if ch.Cap > 0 {
			if ch.ThroughCalls() || c.inLoop(S)[g.Instr.Block()] || c.spawnedMore(g) || nsend <= int(ch.Cap) {
				continue
			}
			blocking = c.overflowingSend(g.Entry, ch)
			if blocking != op {
				continue // not the send that overflows, or none does
			}
		}
		isRecv := func(sel *ssa.Select, k int) bool {
			st := sel.States[k]
			return st.Dir == types.RecvOnly && c.refersTo(st.Chan, ch)
		}
		w := findWay(search{
			fn:   S,
			from: g.Instr,
			cut:  plainOpAt(ch, chanmodel.Recv, chanmodel.Range),
			relevant: func(sel *ssa.Select) bool {
				for k := range sel.States {
					if isRecv(sel, k) {
						return true
					}
				}
				return false
			},
			// A case this goroutine feeds instead of sending may mean
			// it went the other way (sent an error instead of a
			// result): not an escape.
			cutCase: func(sel *ssa.Select, k int) bool {
				return isRecv(sel, k) || c.otherWay(sel.States[k], g, op)
			},
			impossible: c.impossible,
			failDead:   true,
		})
		partial := false
		if w == nil || (w.branch && !c.branchOK(S, g.Instr, recvSites)) {
			// Several goroutines, one receive each in a counted loop that
			// can be left early: the rest are abandoned.
			if ch.Cap != 0 || nsend != 1 {
				continue
			}
			if w = c.earlyExit(g, ch, isRecv); w == nil {
				continue
			}
			partial = true
		}
		reported[ch] = true
		how, at := c.describeWay(w)
		msg := fmt.Sprintf("goroutine can block forever %s: the receiver can %s without receiving", c.blockedOn(blocking), how)
		if partial {
			msg = fmt.Sprintf("goroutine can block forever %s: the receiver can %s before receiving from every goroutine started here", c.blockedOn(blocking), how)
		}
		d := analysis.Diagnostic{
			Pos:      blocking.Pos,
			Category: catSend,
			Message:  msg,
			Related: append(started(g, blocking.Pos),
				analysis.RelatedInformation{Pos: at, Message: "the receiver leaves here"}),
		}
		if fix, ok := c.bufferFix(g, ch, op, nsend); ok && ch.Cap == 0 {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		c.diags = append(c.diags, d)
	}
}

// overflowingSend returns the first send of ch in fn that can find the
// buffer full when nothing is received: a send preceded, on some path
// through fn, by at least Cap other sends. Every send of ch must be a plain
// send in fn outside loops; otherwise it returns nil.
func (c *checker) overflowingSend(fn *ssa.Function, ch *chanmodel.Chan) *chanmodel.Op {
	loops := c.inLoop(fn)
	perBlock := make(map[*ssa.BasicBlock][]*chanmodel.Op)
	for _, o := range ch.Ops {
		if o.Kind != chanmodel.Send {
			continue
		}
		if o.Fn != fn || loops[o.Instr.Block()] || !o.Blocks() {
			return nil
		}
		perBlock[o.Instr.Block()] = append(perBlock[o.Instr.Block()], o)
	}
	// before[b]: the most sends on any path from the entry to b. Blocks on
	// cycles hold no sends, so a bounded relaxation converges.
	before := make(map[*ssa.BasicBlock]int)
	for round := 0; round <= len(fn.Blocks); round++ {
		changed := false
		for _, b := range fn.Blocks {
			out := before[b] + len(perBlock[b])
			for _, s := range b.Succs {
				if out > before[s] {
					before[s] = out
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
	var first *chanmodel.Op
	for b, ops := range perBlock {
		sortByPos(ops)
		for i, o := range ops {
			if before[b]+i >= int(ch.Cap) && (first == nil || o.Pos < first.Pos) {
				first = o
			}
		}
	}
	return first
}

func sortByPos(ops []*chanmodel.Op) {
	sort.Slice(ops, func(i, j int) bool { return ops[i].Pos < ops[j].Pos })
}

// earlyExit looks for a receiver that leaves its receive loop early: g
// runs in a loop of the spawner (several goroutines, one send each), every
// receive of ch is a plain receive in a counted loop outside g's loop, and
// after some receive the spawner can reach a return without receiving again
// and without leaving that loop through its header (its normal exit).
func (c *checker) earlyExit(g *chanmodel.Goroutine, ch *chanmodel.Chan, isRecv func(*ssa.Select, int) bool) *way {
	S := g.Spawner
	gLoop := loopOf(g.Instr.Block())
	if gLoop == nil {
		return nil
	}
	if g.Entry == nil || ch.ThroughCalls() {
		return nil
	}
	for _, o := range ch.Ops {
		switch o.Kind {
		case chanmodel.Send:
			if o.Fn != g.Entry || o.Select != nil || c.inLoop(g.Entry)[o.Instr.Block()] {
				return nil
			}
		case chanmodel.Range:
			return nil
		case chanmodel.Recv:
			if o.Fn != S || o.Select != nil {
				return nil
			}
		}
	}
	for _, o := range ch.Ops {
		if o.Kind != chanmodel.Recv {
			continue
		}
		loop := loopOf(o.Instr.Block())
		if loop == nil || gLoop[o.Instr.Block()] {
			return nil
		}
		var head *ssa.BasicBlock
		for b := range loop {
			for _, p := range b.Preds {
				if !loop[p] {
					if head != nil && head != b {
						return nil // not a natural loop
					}
					head = b
				}
			}
		}
		if head == nil {
			return nil
		}
		normalExit := false
		for _, s := range head.Succs {
			if !loop[s] {
				normalExit = true
			}
		}
		if !normalExit {
			return nil // for {}: every exit is deliberate, e.g. "all received"
		}
		w := findWay(search{
			fn:         S,
			from:       o.Instr,
			cut:        plainOpAt(ch, chanmodel.Recv, chanmodel.Range),
			forbid:     func(from, to *ssa.BasicBlock) bool { return from == head && !loop[to] },
			relevant:   func(sel *ssa.Select) bool { return false },
			cutCase:    isRecv,
			impossible: c.impossible,
			failDead:   true,
		})
		if w != nil {
			return w
		}
	}
	return nil
}

// otherWay reports whether taking the select case st may mean that the
// goroutine g went another way than the blocking send: st receives from a
// local channel that only g feeds, or that g feeds on a path exclusive with
// the send (if err != nil { errc <- err; return }; done <- v). In the
// second form other goroutines may feed the channel too, and the case may
// be taken because of them while g is blocked; telling that apart needs the
// order of events (which other sender has already sent), so, precision
// first, the case is not counted as a way out. A feed that may follow the
// send (an error after a loop of sends) does not count: the send comes
// first.
func (c *checker) otherWay(st *ssa.SelectState, g *chanmodel.Goroutine, send *chanmodel.Op) bool {
	if st.Dir != types.RecvOnly {
		return false
	}
	chans := c.model.ChansOf(st.Chan)
	onlyG, exclusive, n := true, false, 0
	for _, ch := range chans {
		if !ch.Local() {
			onlyG = false
		}
		for _, o := range ch.Ops {
			if o.Kind != chanmodel.Send && o.Kind != chanmodel.Close {
				continue
			}
			n++
			if !ranBy(o, g) {
				onlyG = false
				continue
			}
			if o.Fn == send.Fn && !ssacfg.MayFollow(o.Instr, send.Instr) && !ssacfg.MayFollow(send.Instr, o.Instr) {
				exclusive = true
			}
		}
	}
	return len(chans) > 0 && n > 0 && (onlyG || exclusive)
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

// bufferFix returns the fix make(chan T) → make(chan T, 1), when it is
// provably enough: one send on ch in the whole program, executed at most
// once, by the only goroutine running g.Entry.
func (c *checker) bufferFix(g *chanmodel.Goroutine, ch *chanmodel.Chan, send *chanmodel.Op, nsend int) (analysis.SuggestedFix, bool) {
	if nsend != 1 || send.Callee != nil || send.Fn != g.Entry || c.inLoop(g.Entry)[send.Instr.Block()] ||
		c.inLoop(g.Spawner)[g.Instr.Block()] || c.inLoop(g.Spawner)[ch.Site.Block()] || c.spawnedMore(g) {
		return analysis.SuggestedFix{}, false
	}
	f := c.fileOf(ch.Site.Pos())
	if f == nil {
		return analysis.SuggestedFix{}, false
	}
	path, _ := astutil.PathEnclosingInterval(f, ch.Site.Pos(), ch.Site.Pos()+1)
	for _, n := range path {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			continue
		}
		if call.Lparen != ch.Site.Pos() || len(call.Args) != 1 || call.Ellipsis.IsValid() {
			return analysis.SuggestedFix{}, false
		}
		end := call.Args[0].End()
		return analysis.SuggestedFix{
			Message:   "Make the channel buffered with capacity 1 so the send never blocks",
			TextEdits: []analysis.TextEdit{{Pos: end, End: end, NewText: []byte(", 1")}},
		}, true
	}
	return analysis.SuggestedFix{}, false
}

// ---- sub-case 2: a receive nobody feeds ----

func (c *checker) checkRecvs(g *chanmodel.Goroutine) {
	S := g.Spawner
	reported := make(map[*chanmodel.Chan]bool)
	for _, op := range c.blockingOps(g, chanmodel.Recv, chanmodel.Range) {
		ch := op.Chans[0]
		if reported[ch] || !ch.Local() {
			continue // counterpart may be elsewhere
		}
		// Wakers: closes, and for a single receive also sends.
		var wakers []*chanmodel.Op
		elsewhere := false
		for _, o := range ch.Ops {
			if o.Kind == chanmodel.Close || (o.Kind == chanmodel.Send && op.Kind == chanmodel.Recv) {
				wakers = append(wakers, o)
				if !o.RunsIn(S) {
					elsewhere = true
				}
			}
			if o.Kind == chanmodel.Send && !o.RunsIn(S) {
				elsewhere = true // another goroutine feeds it
			}
		}
		if len(wakers) == 0 && !c.anySend(ch) {
			reported[ch] = true
			c.diags = append(c.diags, analysis.Diagnostic{
				Pos:      op.Pos,
				Category: catRecv,
				Message:  fmt.Sprintf("goroutine can block forever %s: no code sends on or closes the channel made at line %d", c.blockedOn(op), c.pass.Fset.Position(ch.Pos()).Line),
				Related: append(started(g, op.Pos),
					analysis.RelatedInformation{Pos: ch.Pos(), Message: "channel made here"}),
			})
			continue
		}
		if op.Kind == chanmodel.Range && op.Callee == nil && len(wakers) == 0 && c.rangeEndsOnlyOnClose(op) {
			// Fed but never closed: once the senders stop, the range waits
			// forever, and its body has no other way out.
			reported[ch] = true
			c.diags = append(c.diags, analysis.Diagnostic{
				Pos:      op.Pos,
				Category: catRecv,
				Message:  fmt.Sprintf("goroutine can block forever on this range: nothing closes the channel made at line %d, and the loop has no other exit", c.pass.Fset.Position(ch.Pos()).Line),
				Related: []analysis.RelatedInformation{
					{Pos: g.Pos(), Message: "goroutine started here"},
					{Pos: ch.Pos(), Message: "channel made here"},
				},
			})
			continue
		}
		if elsewhere || len(wakers) == 0 || ch.Fn != S {
			continue
		}
		var sites []ssa.Instruction
		deferred := false
		for _, o := range wakers {
			sites = append(sites, o.Instr)
			if _, ok := o.Instr.(*ssa.Defer); ok && ssacfg.MayFollow(o.Instr, g.Instr) {
				deferred = true // defer close(ch) before the go statement: runs at every later return
			}
		}
		if deferred {
			continue
		}
		isWake := func(sel *ssa.Select, k int) bool {
			st := sel.States[k]
			return op.Kind == chanmodel.Recv && st.Dir == types.SendOnly && c.refersTo(st.Chan, ch)
		}
		w := findWay(search{
			fn:   S,
			from: g.Instr,
			cut: func(instr ssa.Instruction) bool {
				for _, o := range wakers {
					if o.Instr == instr && o.Select == nil {
						return true
					}
				}
				return false
			},
			relevant: func(sel *ssa.Select) bool {
				for k := range sel.States {
					if isWake(sel, k) {
						return true
					}
				}
				return false
			},
			cutCase:    isWake,
			impossible: c.impossible,
			failDead:   true,
		})
		if w == nil || (w.branch && !c.branchOK(S, g.Instr, sites)) {
			continue
		}
		reported[ch] = true
		how, at := c.describeWay(w)
		what := "sending on or closing"
		if op.Kind == chanmodel.Range {
			what = "closing"
		}
		c.diags = append(c.diags, analysis.Diagnostic{
			Pos:      op.Pos,
			Category: catRecv,
			Message:  fmt.Sprintf("goroutine can block forever %s: the spawning function can %s without %s the channel", c.blockedOn(op), how, what),
			Related: append(started(g, op.Pos),
				analysis.RelatedInformation{Pos: at, Message: "the spawning function leaves here"}),
		})
	}
}

func (c *checker) anySend(ch *chanmodel.Chan) bool {
	for _, o := range ch.Ops {
		if o.Kind == chanmodel.Send || o.Kind == chanmodel.Close {
			return true
		}
	}
	return false
}

// loopOf returns the blocks of fn on a cycle through b (b's strongly
// connected component), or nil when b is not in a loop.
func loopOf(b *ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	fwd := ssacfg.ReachStrict(b, ssacfg.Succs)
	bwd := ssacfg.ReachStrict(b, ssacfg.Preds)
	loop := make(map[*ssa.BasicBlock]bool)
	for x := range fwd {
		if bwd[x] {
			loop[x] = true
		}
	}
	if !loop[b] {
		return nil
	}
	return loop
}

// rangeEndsOnlyOnClose reports whether the range loop of op (a Range op in
// fn) can end only when its channel is closed: no return, panic, or jump
// out of the loop other than the range's own exit.
func (c *checker) rangeEndsOnlyOnClose(op *chanmodel.Op) bool {
	head := op.Instr.Block()
	loop := loopOf(head)
	if loop == nil || len(head.Succs) != 2 {
		return false
	}
	if iff, ok := head.Instrs[len(head.Instrs)-1].(*ssa.If); !ok || iff == nil {
		return false
	}
	done := head.Succs[1]
	for b := range loop {
		for _, instr := range b.Instrs {
			switch in := instr.(type) {
			case *ssa.Return, *ssa.Panic:
				return false
			case *ssa.Call:
				if syncapi.IsNoReturnCall(in.Common()) {
					return false
				}
			}
		}
		for _, s := range b.Succs {
			if !loop[s] && (b != head || s != done) {
				return false
			}
		}
	}
	return true
}

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

// ---- sub-case 4: Cond.Wait that nothing signals ----

func (c *checker) checkConds() {
	var waits []*ssa.Call
	signalled := make(map[condKey]bool)
	unknown := false // a signal on a cond we cannot name: any cond may be woken
	for _, fn := range c.ssa.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok {
					switch op, recv := syncapi.CallOp(call.Common()); op {
					case syncapi.CondSignal, syncapi.CondBroadcast:
						if k, ok := c.condField(recv); ok {
							signalled[k] = true
						} else {
							unknown = true
						}
					case syncapi.CondWait:
						if cl, ok := instr.(*ssa.Call); ok {
							waits = append(waits, cl)
						}
					}
				}
				// Signal or Broadcast used as a value (method value or
				// expression): we cannot tell which cond it wakes.
				var callee ssa.Value
				if call, ok := instr.(ssa.CallInstruction); ok {
					callee = call.Common().Value
				}
				var rands [8]*ssa.Value
				for _, p := range instr.Operands(rands[:0]) {
					if p == nil || *p == nil || *p == callee {
						continue
					}
					var f *ssa.Function
					switch x := (*p).(type) {
					case *ssa.Function:
						f = x
					case *ssa.MakeClosure:
						f, _ = x.Fn.(*ssa.Function)
					}
					if f != nil {
						if obj, ok := f.Object().(*types.Func); ok {
							if op := syncapi.FuncOp(obj); op == syncapi.CondSignal || op == syncapi.CondBroadcast {
								unknown = true
							}
						}
					}
				}
			}
		}
	}
	if unknown {
		return
	}
	for _, w := range waits {
		_, recv := syncapi.CallOp(w.Common())
		k, ok := c.condField(recv)
		if !ok || signalled[k] || lifetimeOfProcess(w.Parent()) {
			continue
		}
		c.diags = append(c.diags, analysis.Diagnostic{
			Pos:      w.Pos(),
			Category: catCond,
			Message:  fmt.Sprintf("Cond.Wait can block forever: nothing calls Signal or Broadcast on %s, an unexported field only this package can reach", k.name()),
		})
	}
}

// condKey names a cond by the unexported struct field holding it.
type condKey struct {
	typ   types.Type // *types.Named (origin) or *types.Struct
	field int
}

func (k condKey) name() string {
	st, _ := k.typ.Underlying().(*types.Struct)
	f := "?"
	if st != nil && k.field < st.NumFields() {
		f = st.Field(k.field).Name()
	}
	if n, ok := k.typ.(*types.Named); ok {
		return n.Obj().Name() + "." + f
	}
	return f
}

// condField returns the field a cond lives in (a sync.Cond field, or a
// *sync.Cond field loaded and every value stored into it a fresh
// sync.NewCond), when the field is unexported: only this package can reach
// it. Otherwise ok is false.
func (c *checker) condField(recv ssa.Value) (condKey, bool) {
	ptrField := false
	if u, ok := recv.(*ssa.UnOp); ok && u.Op == token.MUL {
		recv = u.X
		ptrField = true
	}
	fa, ok := recv.(*ssa.FieldAddr)
	if !ok {
		return condKey{}, false
	}
	t := fa.X.Type()
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	t = types.Unalias(t)
	if n, ok := t.(*types.Named); ok {
		t = n.Origin()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return condKey{}, false
	}
	f := st.Field(fa.Field)
	if f.Exported() || f.Embedded() {
		return condKey{}, false
	}
	k := condKey{t, fa.Field}
	if ptrField && !c.freshCondsOnly(k) {
		return condKey{}, false
	}
	return k, true
}

// freshCondsOnly reports whether every store into the *sync.Cond field k
// stores the result of sync.NewCond (no aliasing with another cond).
func (c *checker) freshCondsOnly(k condKey) bool {
	if c.freshConds == nil {
		c.freshConds = make(map[condKey]bool)
	}
	if v, ok := c.freshConds[k]; ok {
		return v
	}
	fresh := true
	for _, fn := range c.ssa.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				fa, ok := st.Addr.(*ssa.FieldAddr)
				if !ok || fa.Field != k.field {
					continue
				}
				t := fa.X.Type()
				if p, ok := t.Underlying().(*types.Pointer); ok {
					t = p.Elem()
				}
				t = types.Unalias(t)
				if n, ok := t.(*types.Named); ok {
					t = n.Origin()
				}
				if t != k.typ {
					continue
				}
				call, ok := st.Val.(*ssa.Call)
				if !ok {
					fresh = false
					continue
				}
				if op, _ := syncapi.CallOp(call.Common()); op != syncapi.CondNew {
					fresh = false
				}
			}
		}
	}
	c.freshConds[k] = fresh
	return fresh
}

// ---- sub-case 5: Wait for a goroutine that can skip Done ----

func (c *checker) checkWaitGroup(g *chanmodel.Goroutine) {
	if g.Kind != chanmodel.GoStmt || g.Entry.Parent() == nil {
		return // wg.Go calls Done itself; named functions may be called elsewhere
	}
	E, S := g.Entry, g.Spawner
	var dones []ssa.Instruction
	var wgE ssa.Value
	for _, b := range E.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			op, recv := syncapi.CallOp(ci.Common())
			if _, isDefer := instr.(*ssa.Defer); isDefer {
				return // a deferred call may be Done (or call it)
			}
			if op != syncapi.WGDone {
				continue
			}
			if wgE != nil && wgE != recv {
				return // several groups: keep it simple
			}
			wgE = recv
			dones = append(dones, instr)
		}
	}
	if wgE == nil {
		return
	}
	// The group as seen by the spawner.
	fv, ok := wgE.(*ssa.FreeVar)
	if !ok || len(c.closures[E]) != 1 {
		return
	}
	var wgS ssa.Value
	for i, x := range E.FreeVars {
		if x == fv && i < len(c.closures[E][0].Bindings) {
			wgS = c.closures[E][0].Bindings[i]
		}
	}
	if wgS == nil {
		return
	}
	// The group is used in the goroutine only by Done (no helper that may
	// call Done for it).
	if refs := fv.Referrers(); refs != nil {
		for _, r := range *refs {
			ci, ok := r.(ssa.CallInstruction)
			if !ok {
				return
			}
			if op, _ := syncapi.CallOp(ci.Common()); op != syncapi.WGDone {
				return
			}
		}
	}
	// The spawner: Add before the go statement, Wait after it, on the same
	// group.
	var add, wait *ssa.Call
	for _, b := range S.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			op, recv := syncapi.CallOp(call.Common())
			if recv != wgS {
				continue
			}
			switch op {
			case syncapi.WGAdd:
				add = call
			case syncapi.WGWait:
				if wait == nil && ssacfg.MayFollow(g.Instr, call) {
					wait = call
				}
			}
		}
	}
	if add == nil || wait == nil {
		return
	}
	isDone := func(instr ssa.Instruction) bool {
		for _, d := range dones {
			if d == instr {
				return true
			}
		}
		return false
	}
	w := findWay(search{
		fn:       E,
		cut:      isDone,
		relevant: func(*ssa.Select) bool { return false },
		cutCase:  func(*ssa.Select, int) bool { return false },
	})
	if w == nil || !w.ret.Pos().IsValid() {
		return
	}
	c.diags = append(c.diags, analysis.Diagnostic{
		Pos:      wait.Pos(),
		Category: catWGSkip,
		Message:  fmt.Sprintf("WaitGroup.Wait can block forever: the goroutine started at line %d can return at line %d without calling Done", c.pass.Fset.Position(g.Pos()).Line, c.pass.Fset.Position(w.ret.Pos()).Line),
		Related: []analysis.RelatedInformation{
			{Pos: g.Pos(), Message: "goroutine started here"},
			{Pos: w.ret.Pos(), Message: "the goroutine returns here without calling Done"},
		},
	})
}

// binding returns the value bound to free variable fv when its closure is
// made at exactly one place in the package, or nil.
func (c *checker) binding(fv *ssa.FreeVar) ssa.Value {
	return ssacfg.Binding(fv, c.closures[fv.Parent()])
}
