package guardedby

import (
	"go/types"
	"sort"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/ssacfg"
)

// This file answers "which goroutine runs this function": the entry points
// a function is reachable from through static calls of the package. A
// function reachable only from one goroutine body started once per object
// (a run loop) is confined to that goroutine: its reads cannot race with
// writes confined to the same goroutine.

const maxRoots = 4 // more entry points than this: "many"

// rootSet is the set of entry points a function is reachable from; nil
// with many=true means too many to track.
type rootSet struct {
	fns  []*ssa.Function
	many bool
}

// computeRoots fills pc.roots once.
func (pc *passCtx) computeRoots() {
	if pc.roots != nil {
		return
	}
	pc.roots = map[*ssa.Function]*rootSet{}
	pc.goRoot = map[*ssa.Function]bool{}
	pc.goSites = map[*ssa.Function][]*ssa.Go{}
	// Go statements start goroutine roots; mark the ones in loops (several
	// goroutines run the same body: not confined).
	for _, fn := range pc.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				g, ok := instr.(*ssa.Go)
				if !ok {
					continue
				}
				var target *ssa.Function
				switch v := g.Call.Value.(type) {
				case *ssa.Function:
					target = v
				case *ssa.MakeClosure:
					target, _ = v.Fn.(*ssa.Function)
				}
				if target == nil || g.Call.IsInvoke() {
					continue
				}
				if o := target.Origin(); o != nil {
					target = o
				}
				pc.goSites[target] = append(pc.goSites[target], g)
				if inLoop(b) {
					pc.goRoot[target] = false
				} else if _, seen := pc.goRoot[target]; !seen {
					pc.goRoot[target] = true
				}
			}
		}
	}
	isRoot := func(fn *ssa.Function) bool {
		if _, ok := pc.goRoot[fn]; ok {
			return true
		}
		if pc.valueUsed[fn] || len(pc.callSites[fn]) == 0 {
			return true
		}
		if obj, ok := fn.Object().(*types.Func); ok && obj.Exported() {
			return true
		}
		return false
	}
	for _, fn := range pc.funcs {
		if isRoot(fn) {
			pc.roots[fn] = &rootSet{fns: []*ssa.Function{fn}}
		} else {
			pc.roots[fn] = &rootSet{}
		}
	}
	// Propagate along static calls (not go statements) to a fixpoint,
	// bounded.
	for round := 0; round < 20; round++ {
		changed := false
		for _, fn := range pc.funcs {
			rs := pc.roots[fn]
			if rs.many {
				continue
			}
			for _, site := range pc.callSites[fn] {
				if _, isGo := site.(*ssa.Go); isGo {
					continue
				}
				crs := pc.roots[site.Parent()]
				if crs == nil {
					crs = &rootSet{many: true}
				}
				if crs.many {
					rs.many, rs.fns, changed = true, nil, true
					break
				}
				for _, r := range crs.fns {
					if !containsFn(rs.fns, r) {
						rs.fns = append(rs.fns, r)
						changed = true
					}
				}
				if len(rs.fns) > maxRoots {
					rs.many, rs.fns = true, nil
					break
				}
			}
		}
		if !changed {
			break
		}
	}
	for _, rs := range pc.roots {
		sort.Slice(rs.fns, func(i, j int) bool { return rs.fns[i].String() < rs.fns[j].String() })
	}
}

func containsFn(fs []*ssa.Function, f *ssa.Function) bool {
	for _, g := range fs {
		if g == f {
			return true
		}
	}
	return false
}

// inLoop reports whether block b is in a loop.
func inLoop(b *ssa.BasicBlock) bool {
	return ssacfg.ReachStrict(b, ssacfg.Succs)[b]
}

// confined reports whether a read in fn cannot race with the writes made
// in writers: fn and every writer run only on one goroutine, started once
// by a go statement that is not in a loop.
func (pc *passCtx) confined(fn *ssa.Function, writers []*ssa.Function) bool {
	pc.computeRoots()
	root := pc.soleRoot(fn)
	if root == nil || !pc.goRoot[root] {
		return false
	}
	for _, w := range writers {
		if pc.soleRoot(w) != root {
			return false
		}
	}
	return true
}

// soleRoot returns the one entry point fn is reachable from, or nil.
func (pc *passCtx) soleRoot(fn *ssa.Function) *ssa.Function {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	rs := pc.roots[fn]
	if rs == nil || rs.many || len(rs.fns) != 1 {
		return nil
	}
	return rs.fns[0]
}
