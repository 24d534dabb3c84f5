package chanclose

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/chanmodel"
	"github.com/conclint/conclint/internal/syncapi"
)

// maxSummaryDepth bounds the callees a summary looks through.
const maxSummaryDepth = 3

// A summary describes a function of the package for its callers.
type summary struct {
	// clean: the function never stores a non-basic value (a channel,
	// pointer, struct...) and calls only builtins, syncapi operations and
	// clean functions, so a call cannot change which channel a field
	// holds.
	clean bool
	// closes lists the channels, as keys rooted at the function's
	// parameters, that a clean function closes on every path.
	closes []key
}

// summaryOf returns the summary of fn, a function of the package.
func (pc *passCtx) summaryOf(fn *ssa.Function, depth int) *summary {
	if pc.sums == nil {
		pc.sums = make(map[*ssa.Function]*summary)
	}
	if s, ok := pc.sums[fn]; ok {
		return s
	}
	empty := &summary{}
	pc.sums[fn] = empty // recursion: not clean
	if depth > maxSummaryDepth || len(fn.Blocks) == 0 || fn.Pkg == nil || fn.Pkg.Pkg != pc.pass.Pkg {
		return empty
	}
	s := &summary{clean: true}
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			if !pc.cleanInstr(ins, depth) {
				s.clean = false
			}
		}
	}
	if s.clean {
		s.closes = paramCloses(fn)
	}
	if depth == 0 || s.clean {
		pc.sums[fn] = s
	} else {
		delete(pc.sums, fn) // may be clean when asked at a smaller depth
	}
	return s
}

func (pc *passCtx) cleanInstr(ins ssa.Instruction, depth int) bool {
	switch ins := ins.(type) {
	case *ssa.Store:
		if _, basic := ins.Val.Type().Underlying().(*types.Basic); basic {
			return true
		}
		// A store into a stack-local variable changes only that variable.
		a, ok := resolve(ins.Addr).base.(*ssa.Alloc)
		return ok && !a.Heap
	case *ssa.Call:
		return pc.cleanCallDepth(ins.Common(), depth)
	case *ssa.Defer:
		return pc.cleanCallDepth(ins.Common(), depth)
	case *ssa.Go, *ssa.MakeClosure:
		return false // runs code we do not follow
	}
	return true
}

// cleanCall reports whether call is a call of a clean package function.
func (pc *passCtx) cleanCall(call *ssa.Call) bool {
	return pc.cleanCallDepth(call.Common(), 0)
}

func (pc *passCtx) cleanCallDepth(call *ssa.CallCommon, depth int) bool {
	if _, ok := call.Value.(*ssa.Builtin); ok {
		return true
	}
	if op, _ := syncapi.CallOp(call); op != syncapi.None && op != syncapi.OnceDo && op != syncapi.AtomicWrite {
		return true // locks, waits: they do not store channels
	}
	fn, ok := call.Value.(*ssa.Function)
	if !ok || call.IsInvoke() {
		return false // dynamic: unknown
	}
	return pc.summaryOf(fn, depth+1).clean
}

// paramCloses returns the parameter-rooted channels fn closes on every
// path: a close whose block dominates every return, or a defer close in
// the entry block.
func paramCloses(fn *ssa.Function) []key {
	var rets []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		if n := len(b.Instrs); n > 0 {
			if _, ok := b.Instrs[n-1].(*ssa.Return); ok {
				rets = append(rets, b)
			}
		}
	}
	if len(rets) == 0 {
		return nil
	}
	var out []key
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			var call *ssa.CallCommon
			switch ins := ins.(type) {
			case *ssa.Call:
				call = ins.Common()
			case *ssa.Defer:
				if b != fn.Blocks[0] {
					continue // a conditional defer
				}
				call = ins.Common()
			default:
				continue // not a close
			}
			if !syncapi.IsBuiltin(call, "close") || len(call.Args) != 1 {
				continue // not a close
			}
			k := resolve(call.Args[0])
			if _, ok := k.base.(*ssa.Parameter); !ok {
				continue // not reachable from the caller
			}
			all := true
			for _, r := range rets {
				if !b.Dominates(r) {
					all = false
				}
			}
			if all {
				out = append(out, k)
			}
		}
	}
	return out
}

// collectCallCloses records a call of a package function that closes a
// channel of its arguments on every path as a close at the call.
func (c *funcCtx) collectCallCloses(call *ssa.Call) {
	fn, ok := call.Call.Value.(*ssa.Function)
	if !ok || call.Call.IsInvoke() {
		return
	}
	if f := c.pc.fieldsFact(fn); f != nil && len(call.Call.Args) > 0 {
		// A method of another package that closes fields of its receiver
		// on every path (chanmodel.FieldsFact).
		ak := resolve(call.Call.Args[0])
		for _, fr := range f.Closes {
			c.ops = append(c.ops, chanOp{
				kind: opCallClose, instr: call, key: key{ak.base, ak.path + fmt.Sprintf(".%d*", fr.Index)}, pos: call.Pos(),
				callee: fn, name: c.pc.chanText(call.Pos()),
			})
			if ce, ok := c.pc.node(call.Pos()).(*ast.CallExpr); ok {
				if sel, ok := ce.Fun.(*ast.SelectorExpr); ok {
					c.ops[len(c.ops)-1].name = types.ExprString(sel.X) + "." + fr.Name
				}
			}
		}
		return
	}
	s := c.pc.summaryOf(fn, 0)
	for _, k := range s.closes {
		idx := -1
		for i, p := range fn.Params {
			if p == k.base {
				idx = i
			}
		}
		if idx < 0 || idx >= len(call.Call.Args) {
			continue
		}
		ak := resolve(call.Call.Args[idx])
		c.ops = append(c.ops, chanOp{
			kind: opCallClose, instr: call, key: key{ak.base, ak.path + k.path}, pos: call.Pos(),
			callee: fn, name: c.callCloseName(call, fn, idx, k),
		})
	}
}

// callCloseName names, at the call, the channel that callee closes
// through its parameter idx: the argument's text plus the rest of the
// callee's close expression (srv.Stop() closing s.done gives srv.done).
func (c *funcCtx) callCloseName(call *ssa.Call, fn *ssa.Function, idx int, k key) string {
	ce, ok := c.pc.node(call.Pos()).(*ast.CallExpr)
	if !ok {
		return "the channel"
	}
	var arg ast.Expr
	if fn.Signature.Recv() != nil {
		if idx == 0 {
			if sel, ok := ce.Fun.(*ast.SelectorExpr); ok {
				arg = sel.X
			}
		} else if idx-1 < len(ce.Args) {
			arg = ce.Args[idx-1]
		}
	} else if idx < len(ce.Args) {
		arg = ce.Args[idx]
	}
	if arg == nil {
		return "the channel"
	}
	// The callee's own text of the closed channel.
	inner := ""
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			if cc, ok := ins.(ssa.CallInstruction); ok && syncapi.IsBuiltin(cc.Common(), "close") && len(cc.Common().Args) == 1 && resolve(cc.Common().Args[0]) == k {
				inner = c.pc.chanText(ins.Pos())
			}
		}
	}
	pname := fn.Params[idx].Name()
	if rest, ok := strings.CutPrefix(inner, pname); ok && (rest == "" || rest[0] == '.') {
		return types.ExprString(arg) + rest
	}
	return "the channel"
}

// fieldsFact returns the FieldsFact of fn, a method of another package, or
// nil.
func (pc *passCtx) fieldsFact(fn *ssa.Function) *chanmodel.FieldsFact {
	if pc.model == nil || fn == nil || fn.Pkg == nil || fn.Pkg.Pkg == pc.pass.Pkg {
		return nil
	}
	return pc.model.FieldsFactOf(fn)
}
