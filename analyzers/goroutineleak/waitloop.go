package goroutineleak

import (
	"fmt"
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/chanmodel"
	"github.com/conclint/conclint/internal/ssacfg"
	"github.com/conclint/conclint/internal/syncapi"
)

// catWGWaitInLoop: Wait inside the loop that starts the goroutines it waits
// for, with Add counting all of them before the loop.
const catWGWaitInLoop = "waitgroup-wait-in-loop"

// ---- sub-case 6: Wait inside the loop that starts the goroutines ----
//
// The shape (Docker #25384):
//
//	group.Add(len(plugins))
//	for _, p := range plugins {
//		go func(p *plugin) { defer group.Done(); ... }(p)
//		group.Wait() // the counter is len-1 after the first Done: blocks forever
//	}
//
// The report must hold on every execution that reaches the Wait with a
// count of at least two, so the rule demands:
//   - the group is owned by the spawner (a local variable or a fresh
//     allocation), and the spawner uses it only for one Add before the loop,
//     Waits, and handing it to this one go statement: nothing else can call
//     Done or Add;
//   - the goroutine uses it only for Done, directly (no helper), at most
//     once per run;
//   - the go statement precedes every Wait of the loop, and every path
//     around the loop from the go statement passes a Wait: the first Wait
//     runs when exactly one goroutine has started;
//   - the Add is not the constant 1 (Add(1) before the loop is a different
//     bug: a negative counter on the second iteration).

// groupRef names a WaitGroup owned by the spawning function: a local
// sync.WaitGroup or a fresh one (alloc: var wg, new(sync.WaitGroup),
// &sync.WaitGroup{}), or, when load is set, the group a local variable of
// type *sync.WaitGroup holds (alloc is the variable; a closure captures it,
// so SSA keeps it in memory and every use loads it).
type groupRef struct {
	alloc *ssa.Alloc
	load  bool
}

// handoff says how the go statement hands the group to the goroutine: as
// the free variable bound at index (a closure capture) or as the argument
// at index.
type handoff struct {
	binding bool
	index   int
}

func (c *checker) checkWaitInLoop(g *chanmodel.Goroutine) {
	goInstr, ok := g.Instr.(*ssa.Go)
	if g.Kind != chanmodel.GoStmt || !ok || g.Entry == nil {
		return // wg.Go and errgroup count their own goroutines
	}
	loop := loopOf(goInstr.Block())
	if loop == nil {
		return // one goroutine: Add and Wait may well match
	}
	ref, via, ok := c.doneGroup(goInstr, g.Entry)
	if !ok {
		return // no Done, Done through a helper, or a group we cannot name
	}
	add, waits, ok := c.groupUses(g.Spawner, ref, goInstr, via)
	if !ok || add == nil {
		return // the group has other uses: someone else may call Done
	}
	// One Add, before the loop, for every goroutine.
	if loop[add.Block()] || !add.Block().Dominates(goInstr.Block()) || len(add.Call.Args) != 2 {
		return // Add per iteration (serialized), or not on every path to the go statement
	}
	delta := int64(-1) // not a constant
	if k, ok := add.Call.Args[1].(*ssa.Const); ok {
		if k.Value == nil || k.Value.Kind() != constant.Int {
			return
		}
		v, exact := constant.Int64Val(k.Value)
		if !exact || v < 2 {
			return // Add(1) before the loop panics on a negative counter instead; out of scope
		}
		delta = v
	}
	// The Waits of the loop: each after the go statement, and no Wait can
	// run before it, so the first Wait sees exactly one started goroutine.
	inLoop := make(map[ssa.Instruction]bool)
	var report []*ssa.Call
	for _, w := range waits {
		if !loop[w.Block()] {
			if ssacfg.MayFollow(w, goInstr) {
				return // a Wait before the go statement: another shape
			}
			continue // a Wait after the loop is the right place
		}
		if !ssacfg.Before(goInstr, w) {
			return // a Wait that can run before the go statement
		}
		inLoop[w] = true
		report = append(report, w)
	}
	if len(report) == 0 || !waitsEveryIteration(goInstr, loop, inLoop) {
		return // e.g. Wait only on the last iteration: correct code
	}
	line := c.pass.Fset.Position(add.Pos()).Line
	msg := fmt.Sprintf("WaitGroup.Wait inside the loop that starts the goroutines can block forever: Add at line %d counts every iteration's goroutine, but the first Wait runs when only one has started", line)
	if delta >= 2 {
		msg = fmt.Sprintf("WaitGroup.Wait inside the loop that starts the goroutines can block forever: Add at line %d adds %d, but the first Wait runs when only one goroutine has started", line, delta)
	}
	for _, w := range report {
		c.diags = append(c.diags, analysis.Diagnostic{
			Pos:      w.Pos(),
			Category: catWGWaitInLoop,
			Message:  msg,
			Related: []analysis.RelatedInformation{
				{Pos: add.Pos(), Message: "counted here"},
				{Pos: goInstr.Pos(), Message: "goroutine started here"},
			},
		})
	}
}

// doneGroup finds the group the goroutine's entry function calls Done on, as the
// spawner names it, and how the go statement hands it over. It fails
// unless entry uses the group only for direct Done calls (Call or Defer),
// outside loops, at most one per run.
func (c *checker) doneGroup(goInstr *ssa.Go, entry *ssa.Function) (groupRef, handoff, bool) {
	fail := func() (groupRef, handoff, bool) { return groupRef{}, handoff{}, false }
	// root: entry's parameter or free variable the Done receivers come from;
	// load: each receiver loads it (a captured *sync.WaitGroup variable).
	var root ssa.Value
	load := false
	var dones []ssa.Instruction
	for _, b := range entry.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			op, recv := syncapi.CallOp(ci.Common())
			if op != syncapi.WGDone {
				continue
			}
			r, l := recv, false
			if u, ok := r.(*ssa.UnOp); ok && u.Op == token.MUL {
				r, l = u.X, true
			}
			switch r.(type) {
			case *ssa.Parameter, *ssa.FreeVar:
			default:
				return fail() // a group of entry's own, a field, a global: not ours
			}
			if root != nil && (root != r || load != l) {
				return fail() // several groups: keep it simple
			}
			root, load = r, l
			dones = append(dones, instr)
		}
	}
	if root == nil {
		return fail()
	}
	// Done at most once per run: not in a loop, and several sites only on
	// exclusive branches (a deferred Done runs after any other).
	loops := c.inLoop(entry)
	for i, d := range dones {
		if loops[d.Block()] {
			return fail()
		}
		if _, ok := d.(*ssa.Defer); ok && len(dones) > 1 {
			return fail()
		}
		for _, e := range dones[i+1:] {
			if ssacfg.MayFollow(d, e) || ssacfg.MayFollow(e, d) {
				return fail()
			}
		}
	}
	// entry uses the group only for those Done calls.
	isDone := func(instr ssa.Instruction, v ssa.Value) bool {
		ci, ok := instr.(ssa.CallInstruction)
		if !ok {
			return false
		}
		op, recv := syncapi.CallOp(ci.Common())
		return op == syncapi.WGDone && recv == v && len(ci.Common().Args) == 1
	}
	for _, r := range *root.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.UnOp:
			if !load || r.Op != token.MUL {
				return fail()
			}
			for _, rr := range *r.Referrers() {
				if _, ok := rr.(*ssa.DebugRef); !ok && !isDone(rr, r) {
					return fail()
				}
			}
		default:
			if load || !isDone(r, root) {
				return fail() // passed on, stored, captured: a helper may call Done or Add
			}
		}
	}
	// The spawner's value, through the go statement.
	var via handoff
	var v ssa.Value
	switch root := root.(type) {
	case *ssa.FreeVar:
		mc, ok := goInstr.Call.Value.(*ssa.MakeClosure)
		if !ok || mc.Fn != entry || len(c.closures[entry]) != 1 || c.closures[entry][0] != mc {
			return fail()
		}
		if refs := mc.Referrers(); refs == nil || len(*refs) != 1 || (*refs)[0] != goInstr {
			return fail() // the closure also escapes as a value
		}
		for i, fv := range entry.FreeVars {
			if fv == root && i < len(mc.Bindings) {
				via, v = handoff{binding: true, index: i}, mc.Bindings[i]
			}
		}
	case *ssa.Parameter:
		switch f := goInstr.Call.Value.(type) {
		case *ssa.Function:
			if f != entry {
				return fail()
			}
		case *ssa.MakeClosure:
			if f.Fn != entry {
				return fail()
			}
		default:
			return fail()
		}
		for i, p := range entry.Params {
			if p == root && i < len(goInstr.Call.Args) {
				via, v = handoff{index: i}, goInstr.Call.Args[i]
			}
		}
	}
	if v == nil {
		return fail()
	}
	// Name the group: a local group, or a local pointer variable loaded.
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL && !load && !via.binding {
		v, load = u.X, true // go worker(wg) with wg a captured *sync.WaitGroup
	}
	a, ok := v.(*ssa.Alloc)
	if !ok {
		return fail() // a parameter, global or field of the spawner: others may use it
	}
	return groupRef{alloc: a, load: load}, via, true
}

// groupUses returns the Add and Wait calls on the group in the spawner S.
// It fails when the group has any other use besides DebugRefs, zero
// initialization, the one store of a fresh group into the variable (ref.load),
// deferred Waits, and handing it to the goroutine through goInstr as via
// says: then other code may call Done or Add, or the group is not fresh.
func (c *checker) groupUses(spawner *ssa.Function, ref groupRef, goInstr *ssa.Go, via handoff) (add *ssa.Call, waits []*ssa.Call, ok bool) {
	nadd, handed := 0, false
	// use vets an instruction that uses v, the group or the variable.
	use := func(instr ssa.Instruction, v ssa.Value) bool {
		switch in := instr.(type) {
		case *ssa.DebugRef:
			return true
		case *ssa.MakeClosure:
			if !via.binding || goInstr.Call.Value != in || !onlyAt(in.Bindings, v, via.index) {
				return false
			}
			handed = true
			return true
		case *ssa.Go:
			if via.binding || in != goInstr || !onlyAt(in.Call.Args, v, via.index) {
				return false
			}
			handed = true
			return true
		case ssa.CallInstruction:
			op, recv := syncapi.CallOp(in.Common())
			if recv != v || !onlyAt(in.Common().Args, v, 0) {
				return false
			}
			call, isCall := in.(*ssa.Call)
			switch {
			case op == syncapi.WGAdd && isCall:
				add = call
				nadd++
				return true
			case op == syncapi.WGWait && isCall:
				waits = append(waits, call)
				return true
			case op == syncapi.WGWait:
				return true // defer wg.Wait(): runs at return, harmless here
			}
		}
		return false
	}
	// zeroInit: *v = zero value (wg := sync.WaitGroup{}).
	zeroInit := func(instr ssa.Instruction, v ssa.Value) bool {
		st, ok := instr.(*ssa.Store)
		if !ok || st.Addr != v {
			return false
		}
		_, isConst := st.Val.(*ssa.Const)
		return isConst
	}
	a := ref.alloc
	if a.Parent() != spawner || a.Referrers() == nil {
		return nil, nil, false
	}
	if !ref.load {
		for _, r := range *a.Referrers() {
			if !zeroInit(r, a) && !use(r, a) {
				return nil, nil, false
			}
		}
		return add, waits, nadd == 1 && handed
	}
	stores := 0
	for _, r := range *a.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			// The variable holds one group, fresh and used only through it.
			fresh, ok := r.Val.(*ssa.Alloc)
			if !ok || r.Addr != a || fresh.Referrers() == nil {
				return nil, nil, false
			}
			for _, fr := range *fresh.Referrers() {
				if _, ok := fr.(*ssa.DebugRef); !ok && fr != r && !zeroInit(fr, fresh) {
					return nil, nil, false
				}
			}
			stores++
		case *ssa.UnOp:
			if r.Op != token.MUL || r.Referrers() == nil {
				return nil, nil, false
			}
			for _, rr := range *r.Referrers() {
				if !use(rr, r) {
					return nil, nil, false
				}
			}
		default:
			if !use(r, a) {
				return nil, nil, false
			}
		}
	}
	return add, waits, nadd == 1 && handed && stores == 1
}

// onlyAt reports whether v occurs in vs exactly once, at index i.
func onlyAt(vs []ssa.Value, v ssa.Value, i int) bool {
	n := 0
	for _, x := range vs {
		if x == v {
			n++
		}
	}
	return n == 1 && i < len(vs) && vs[i] == v
}

// waitsEveryIteration reports whether every path in loop from goInstr back
// to itself passes one of waits: the go statement cannot run twice before a
// Wait.
func waitsEveryIteration(goInstr ssa.Instruction, loop map[*ssa.BasicBlock]bool, waits map[ssa.Instruction]bool) bool {
	gb := goInstr.Block()
	for _, instr := range gb.Instrs[ssacfg.Index(goInstr)+1:] {
		if waits[instr] {
			return true
		}
	}
	hasWait := func(b *ssa.BasicBlock) bool {
		for _, instr := range b.Instrs {
			if waits[instr] {
				return true
			}
		}
		return false
	}
	inLoop := func(b *ssa.BasicBlock) []*ssa.BasicBlock {
		var out []*ssa.BasicBlock
		for _, s := range b.Succs {
			if loop[s] {
				out = append(out, s)
			}
		}
		return out
	}
	// Walk around the loop, stopping at blocks with a Wait and at gb.
	seen := ssacfg.Reach(func(b *ssa.BasicBlock) []*ssa.BasicBlock {
		if b == gb || hasWait(b) {
			return nil
		}
		return inLoop(b)
	}, inLoop(gb)...)
	// Back at gb: every Wait is after the go statement (checked by the
	// caller) and there is none after it in gb, so the cycle has no Wait.
	return !seen[gb]
}
