package sleepsync

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/hb"
	"github.com/conclint/conclint/internal/syncapi"
)

// Synchronized updates (precision rule B).
//
// A call after the sleep to a package function that reads what the
// goroutine writes is normally a read of the goroutine's result
// (w.count()). It is not when the callee itself updates that memory under a
// lock, or atomically, and returns nothing derived from what it read there:
// js.clearPAF(id) (delete and unstall under the publisher's mutex),
// session.Ping() (pingID read and incremented under pingLock),
// sm.Transition(s) (an atomic Store plus a notify under a mutex). Such a
// call is a concurrent operation on an object that synchronizes itself: it
// does not race with the goroutine, and the test learns nothing from it
// about how far the goroutine got. A pure reader under the lock (count()),
// or a locked read-modify-write that returns what it read (drain()), is
// still an observation and is reported.

// syncUpdates reports whether the call c of the package function callee
// updates, holding a lock or atomically, memory that overlaps w, and
// returns no value derived from reading the memory the goroutine writes.
func (pc *passCtx) syncUpdates(c *ssa.CallCommon, callee *ssa.Function, w hb.Loc) bool {
	env := make(hb.Env)
	for i, a := range c.Args {
		if i < len(callee.Params) {
			env[callee.Params[i]] = hb.LocOf(a)
		}
	}
	ups := pc.hb.CodeWrites(callee, env, token.NoPos)
	hit := false
	for _, u := range ups {
		if u.Synced && overlap(u.Loc, w) {
			hit = true
			break
		}
	}
	if !hit {
		return false // the callee does not update the goroutine's memory under a lock
	}
	return !pc.returnsRead(callee, env, w)
}

// overlap reports whether two locations share memory.
func overlap(a, b hb.Loc) bool {
	return a.Root == b.Root && (prefix(a.Path, b.Path) || prefix(b.Path, a.Path))
}

// returnsRead reports whether a result of fn may derive from reading
// memory that overlaps w: a backward slice from the operands of its return
// instructions, through SSA values (not memory), that reaches a load, map
// lookup or atomic load of such memory, or a call of a package function
// that reads it. Calls of unknown functions in the slice are not counted
// (unknown means silent).
func (pc *passCtx) returnsRead(fn *ssa.Function, env hb.Env, w hb.Loc) bool {
	hits := func(v ssa.Value, suffix string) bool {
		l, ok := hb.Translate(v, env)
		if !ok {
			return false
		}
		l.Path += suffix
		return overlap(l, w)
	}
	seen := make(map[ssa.Value]bool)
	var stack []ssa.Value
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			if ret, ok := ins.(*ssa.Return); ok {
				stack = append(stack, ret.Results...)
			}
		}
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if v == nil || seen[v] {
			continue
		}
		seen[v] = true
		ins, ok := v.(ssa.Instruction)
		if !ok {
			continue // a parameter, constant, global or function
		}
		switch x := ins.(type) {
		case *ssa.UnOp:
			if x.Op == token.MUL {
				if hits(x.X, "") {
					return true
				}
				continue // a load of other memory: its contents are not followed
			}
		case *ssa.Lookup:
			if _, isMap := x.X.Type().Underlying().(*types.Map); isMap && hits(x.X, "[]/") {
				return true
			}
		case *ssa.Call:
			call := &x.Call
			if op, recv := syncapi.CallOp(call); op == syncapi.AtomicRead {
				if recv == nil && len(call.Args) > 0 {
					recv = call.Args[0]
				}
				if recv != nil && hits(recv, "") {
					return true
				}
			} else if callee, ok := call.Value.(*ssa.Function); ok && !call.IsInvoke() && callee.Pkg == fn.Pkg {
				for _, r := range pc.hb.ParamReads(callee) {
					for i := range call.Args {
						if i == r.Param && hits(call.Args[i], r.Path) {
							return true
						}
					}
				}
			}
		}
		var ops []*ssa.Value
		for _, op := range ins.Operands(ops) {
			if op != nil && *op != nil {
				stack = append(stack, *op)
			}
		}
	}
	return false
}
