package goroutineleak

import (
	_ "embed"
	"go/token"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/analyzerdoc"
	"github.com/conclint/conclint/internal/chanmodel"
	"github.com/conclint/conclint/internal/ssacfg"
	"github.com/conclint/conclint/internal/suppress"
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
	Run:      suppress.Run(run),
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
		if (g.Entry == nil && g.Callee == nil && len(g.Runs) == 0) || lifetimeOfProcess(g.Spawner) || tooBig(g.Spawner) || (g.Entry != nil && tooBig(g.Entry)) {
			continue // unknown code, or main/init: the process bounds it
		}
		if g.Entry != nil || g.Callee != nil {
			c.checkSends(g)
			c.checkRecvs(g)
		}
		c.checkFieldRanges(g)
		c.checkFieldStops(g)
		c.checkFieldWaitGroup(g)
		if g.Entry == nil {
			continue // a function of another package: only its summary is known
		}
		c.checkCtx(g)
		c.checkWaitGroup(g)
		c.checkWaitInLoop(g)
	}
	c.checkConds()
	c.checkCondFlags()

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

// binding returns the value bound to free variable fv when its closure is
// made at exactly one place in the package, or nil.
func (c *checker) binding(fv *ssa.FreeVar) ssa.Value {
	return ssacfg.Binding(fv, c.closures[fv.Parent()])
}
