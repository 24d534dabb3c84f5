package chanmodel

import (
	"fmt"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// # Summaries across packages
//
// The model is built one package at a time. A channel passed to a function
// of another package would escape, and every analysis that needs to see all
// of a channel's operations would fall silent. So each package exports, for
// its exported functions and methods with channel parameters, what they do
// with those channels (a ParamsFact), and the model of a calling package
// turns a call of such a function into operations at the call site (Op.Callee
// set) instead of an escape, unless the summary says the channel escapes
// there too.

// Kinds is a set of operation kinds.
type Kinds uint8

func kindsOf(k Kind) Kinds { return 1 << Kinds(k) }

// Has reports whether the set holds kind k.
func (s Kinds) Has(k Kind) bool { return s&kindsOf(k) != 0 }

func (s Kinds) String() string {
	var parts []string
	for _, k := range []Kind{Send, Recv, Range, Close} {
		if s.Has(k) {
			parts = append(parts, k.String())
		}
	}
	return strings.Join(parts, "+")
}

// Use is what a function does with one of its channel parameters, as its
// callers see it. The sets are may-information: an operation in a set may
// run on some path, or not at all.
type Use struct {
	Tracked  bool  // the parameter is a channel the summary describes
	Sync     Kinds // operations that may run before the call returns
	Blocking Kinds // of Sync, those that may wait on the channel alone (not a select case with other ways out)
	Async    Kinds // operations that goroutines started by the call (or callbacks it hands out) may run
	Escapes  bool  // the channel may reach code the summary cannot see: every operation is possible
}

// ParamsFact is the summary of a function's channel parameters, by index
// of the SSA parameter (the receiver first, for methods).
type ParamsFact struct {
	Params []Use
}

// AFact marks ParamsFact as an analysis fact.
func (*ParamsFact) AFact() {}

func (f *ParamsFact) String() string {
	var parts []string
	for i, u := range f.Params {
		if !u.Tracked {
			continue
		}
		var s []string
		if u.Escapes {
			s = append(s, "escapes")
		} else {
			if u.Sync != 0 {
				s = append(s, u.Sync.String())
			}
			if u.Blocking != 0 {
				s = append(s, "blocks="+u.Blocking.String())
			}
			if u.Async != 0 {
				s = append(s, "go="+u.Async.String())
			}
		}
		if len(s) == 0 {
			s = append(s, "none")
		}
		parts = append(parts, fmt.Sprintf("%d:%s", i, strings.Join(s, ",")))
	}
	return "chanparams(" + strings.Join(parts, " ") + ")"
}

// Summary is one function's summary, to be exported as a fact.
type Summary struct {
	Func *types.Func
	Fact *ParamsFact
}

// Config adjusts Build.
type Config struct {
	// Facts returns the summary of a function of another package, or nil
	// when there is none (its channel arguments then escape).
	Facts func(*ssa.Function) *ParamsFact
	// Summarize asks for Model.Summaries: the summaries of the package's
	// exported functions and methods that take channels.
	Summarize bool
}

// maxRegion bounds the work of computing the synchronous regions of all
// summarized functions; past it, no further summaries are made (their
// callers then treat the channels as escaping).
const maxRegion = 200000

// paramObj is the abstract channel a summarized function receives in a
// parameter from an unknown caller.
type paramObj struct {
	fn *ssa.Function
	i  int
}

// Summarized reports whether fn gets a summary: a package-level function or
// method with a body, callable from other packages, with a channel
// parameter.
func Summarized(fn *ssa.Function) bool {
	obj, ok := fn.Object().(*types.Func)
	if !ok || fn.Parent() != nil || fn.Synthetic != "" || len(fn.Blocks) == 0 || !obj.Exported() {
		return false
	}
	for _, p := range fn.Params {
		if isChan(p.Type()) {
			return true
		}
	}
	return false
}

func isChan(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// seedParams gives every channel parameter of a summarized function its
// abstract channel.
func (b *builder) seedParams() {
	for _, fn := range b.funcs {
		if !Summarized(fn) {
			continue
		}
		for i, p := range fn.Params {
			if isChan(p.Type()) {
				b.pts[node{p, -1}] = objset{&paramObj{fn, i}: {}}
			}
		}
	}
}

// factOf returns the summary of c's callee when it is a function of
// another package whose parameters line up with c's arguments.
func (b *builder) factOf(c *ssa.CallCommon) (*ssa.Function, *ParamsFact) {
	if b.facts == nil || c.IsInvoke() {
		return nil, nil
	}
	f := c.StaticCallee()
	if f == nil || b.inPkg[f] || f.Pkg == b.pkg {
		return nil, nil
	}
	if f.Synthetic != "" && !strings.HasPrefix(f.Synthetic, "from type information") && !strings.HasPrefix(f.Synthetic, "instance of") {
		return nil, nil // wrappers: their parameters need not line up
	}
	fact, ok := b.factMemo[f]
	if !ok {
		fact = b.facts(f)
		if fact != nil && len(fact.Params) != len(c.Args) {
			fact = nil
		}
		b.factMemo[f] = fact
	}
	if fact == nil {
		return nil, nil
	}
	return f, fact
}

// trackedArg reports whether argument i of a call summarized by fact stays
// visible: a channel the callee neither stores nor hands to unknown code.
func trackedArg(fact *ParamsFact, i int) bool {
	return i < len(fact.Params) && fact.Params[i].Tracked && !fact.Params[i].Escapes
}

// callOps returns the operations a call of a summarized function performs
// on its tracked channel arguments.
func callOps(fn *ssa.Function, instr ssa.CallInstruction, callee *ssa.Function, fact *ParamsFact) []*Op {
	_, isGo := instr.(*ssa.Go)
	var out []*Op
	for i, a := range instr.Common().Args {
		if !trackedArg(fact, i) {
			continue
		}
		u := fact.Params[i]
		for _, k := range []Kind{Send, Recv, Range, Close} {
			if u.Sync.Has(k) {
				out = append(out, &Op{Kind: k, Fn: fn, Instr: instr, Value: a, Pos: instr.Pos(), Callee: callee, Async: isGo, viaBlocks: u.Blocking.Has(k)})
			}
			if u.Async.Has(k) {
				out = append(out, &Op{Kind: k, Fn: fn, Instr: instr, Value: a, Pos: instr.Pos(), Callee: callee, Async: true})
			}
		}
	}
	return out
}

// summarize computes the summaries of the package's summarized functions
// from the finished model. esc is the set of escaping objects; ops are all
// operations of the package.
func (b *builder) summarize(m *Model, esc map[obj]bool) {
	inFieldOrGlobal := make(map[*paramObj]bool)
	for c, s := range b.content {
		if c.kind != cellField && c.kind != cellGlobal {
			continue
		}
		for o := range s {
			if p, ok := o.(*paramObj); ok {
				inFieldOrGlobal[p] = true
			}
		}
	}
	uses := make(map[*paramObj]*Use)
	var objs []*paramObj
	for _, fn := range b.funcs {
		if !Summarized(fn) {
			continue
		}
		for _, p := range fn.Params {
			for o := range b.pts[node{p, -1}] {
				if po, ok := o.(*paramObj); ok && po.fn == fn {
					uses[po] = &Use{Tracked: true, Escapes: esc[po] || b.recvOut[po] || inFieldOrGlobal[po]}
					objs = append(objs, po)
				}
			}
		}
	}
	regions := make(map[*ssa.Function]map[*ssa.Function]bool)
	budget := maxRegion
	region := func(fn *ssa.Function) map[*ssa.Function]bool {
		if r, ok := regions[fn]; ok {
			return r
		}
		r := b.syncRegion(fn, &budget)
		regions[fn] = r
		return r
	}
	for _, ops := range m.byFunc {
		for _, op := range ops {
			for o := range b.get(op.Value) {
				po, ok := o.(*paramObj)
				if !ok || uses[po] == nil {
					continue
				}
				u := uses[po]
				r := region(po.fn)
				switch {
				case r == nil:
					u.Escapes = true // over budget: describe nothing
				case r[op.Fn] && !op.Async:
					u.Sync |= kindsOf(op.Kind)
					if op.Blocks() {
						u.Blocking |= kindsOf(op.Kind)
					}
				default:
					u.Async |= kindsOf(op.Kind)
				}
			}
		}
	}
	for _, po := range objs {
		if region(po.fn) == nil {
			uses[po].Escapes = true
		}
	}
	facts := make(map[*ssa.Function]*ParamsFact)
	for _, po := range objs {
		f := facts[po.fn]
		if f == nil {
			f = &ParamsFact{Params: make([]Use, len(po.fn.Params))}
			facts[po.fn] = f
		}
		f.Params[po.i] = *uses[po]
	}
	for fn, f := range facts {
		m.Summaries = append(m.Summaries, Summary{Func: fn.Object().(*types.Func), Fact: f})
	}
	sort.Slice(m.Summaries, func(i, j int) bool { return m.Summaries[i].Func.Pos() < m.Summaries[j].Func.Pos() })
}

// syncRegion returns the functions of the package that may run on the
// goroutine calling fn before fn returns: fn and what it calls or defers
// (statically, closures included), transitively. Functions started with go
// or handed out as values are not in it. It returns nil when the budget
// runs out.
func (b *builder) syncRegion(fn *ssa.Function, budget *int) map[*ssa.Function]bool {
	r := map[*ssa.Function]bool{fn: true}
	work := []*ssa.Function{fn}
	for len(work) > 0 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		for _, blk := range f.Blocks {
			*budget -= len(blk.Instrs)
			if *budget < 0 {
				return nil
			}
			for _, instr := range blk.Instrs {
				var c *ssa.CallCommon
				switch in := instr.(type) {
				case *ssa.Call:
					c = in.Common()
				case *ssa.Defer:
					c = in.Common()
				default:
					continue
				}
				if g := b.staticCallee(c); g != nil && !r[g] {
					r[g] = true
					work = append(work, g)
				}
			}
		}
	}
	return r
}
