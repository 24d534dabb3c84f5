package guardedby

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/lockset"
)

// This file holds the sub-checks about state shared with goroutines that
// no lock claims: package variables read by a goroutine of the package,
// lazy initialisation, maps and slices used after the lock is released.
// They are off by default (see doc.go).

const maxReachDepth = 4 // static calls followed from a goroutine's body

// callees returns the functions of the package fn calls statically (not
// through go statements).
func (pc *passCtx) callees() map[*ssa.Function][]*ssa.Function {
	out := map[*ssa.Function][]*ssa.Function{}
	for callee, sites := range pc.callSites {
		for _, s := range sites {
			if _, isGo := s.(*ssa.Go); isGo {
				continue
			}
			out[s.Parent()] = append(out[s.Parent()], callee)
		}
	}
	return out
}

// goBodies returns, for each go statement of the package whose target is
// known, the functions its goroutine runs (the target and its static
// callees, bounded).
func (pc *passCtx) goBodies() (starts []*ssa.Go, bodies []map[*ssa.Function]bool) {
	calls := pc.callees()
	for _, fn := range pc.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				g, ok := instr.(*ssa.Go)
				if !ok || g.Call.IsInvoke() {
					continue
				}
				var target *ssa.Function
				switch v := g.Call.Value.(type) {
				case *ssa.Function:
					target = v
				case *ssa.MakeClosure:
					target, _ = v.Fn.(*ssa.Function)
				}
				if target == nil {
					continue
				}
				if o := target.Origin(); o != nil {
					target = o
				}
				body := map[*ssa.Function]bool{target: true}
				frontier := []*ssa.Function{target}
				for d := 0; d < maxReachDepth && len(frontier) > 0; d++ {
					var next []*ssa.Function
					for _, f := range frontier {
						for _, c := range calls[f] {
							if !body[c] {
								body[c] = true
								next = append(next, c)
							}
						}
						// Closures the body defines and calls in place.
						for _, anon := range f.AnonFuncs {
							if !body[anon] {
								body[anon] = true
								next = append(next, anon)
							}
						}
					}
					frontier = next
				}
				starts = append(starts, g)
				bodies = append(bodies, body)
			}
		}
	}
	return starts, bodies
}

// heldAny reports whether a lock is held (surely) at the access.
func heldAny(a *access) bool {
	for _, h := range a.held {
		if h.Mode != lockset.Maybe {
			return true
		}
	}
	return false
}

// checkGlobals reports writes of package variables, with no lock held and
// outside package initialisation, while a goroutine started by the package
// reads them.
func (pc *passCtx) checkGlobals() {
	starts, bodies := pc.goBodies()
	if len(starts) == 0 {
		return
	}
	type readAt struct {
		start *ssa.Go
		read  *access
		body  map[*ssa.Function]bool
	}
	reads := map[*types.Var][]readAt{}
	for _, a := range pc.accesses {
		if a.target.IsField() || a.target.Pkg() != pc.pass.Pkg || a.kind != kRead || a.exempt != exNone {
			continue
		}
		for i, body := range bodies {
			if body[a.fn] || body[outermost(a.fn)] {
				reads[a.target] = append(reads[a.target], readAt{starts[i], a, body})
			}
		}
	}
	reported := map[string]bool{}
	for _, a := range pc.accesses {
		rs := reads[a.target]
		if len(rs) == 0 || a.kind != kWrite || a.elem {
			continue
		}
		switch a.exempt {
		case exNone, exTest:
		default:
			continue
		}
		if heldAny(a) || pc.usesLocks(a.fn) {
			continue // ordered by a lock, or we cannot tell
		}
		var r *readAt
		for i := range rs {
			if !rs[i].body[a.fn] && !rs[i].body[outermost(a.fn)] {
				r = &rs[i]
				break
			}
		}
		if r == nil {
			continue // only the goroutine itself writes it
		}
		key := fmt.Sprint(a.fn, a.target, pc.line(a.pos))
		if reported[key] {
			continue
		}
		reported[key] = true
		pc.report(a.pos, catGlobals,
			fmt.Sprintf("%s is written without synchronization while the goroutine started at %s reads it (line %d): use a mutex or sync/atomic",
				a.target.Name(), pc.where(r.start.Pos()), pc.line(r.read.pos)),
			analysis.RelatedInformation{Pos: r.start.Pos(), Message: "goroutine started here"},
			analysis.RelatedInformation{Pos: r.read.pos, Message: "read here"})
	}
}

// concurrentType reports whether values of the named type behind t are
// meant for concurrent use: the struct holds a lock or an atomic.
func concurrentType(t types.Type) bool {
	st, ok := derefType(t).Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if syncTyped(st.Field(i).Type()) || selfSync(st.Field(i).Type(), 1) {
			return true
		}
	}
	return false
}

// checkLazyInit reports if p.f == nil { p.f = ... } in an exported method
// of a type meant for concurrent use, with no lock held: two calls can both
// see nil and both write.
func (pc *passCtx) checkLazyInit() {
	type fk struct {
		fn *ssa.Function
		f  *types.Var
	}
	seen := map[fk]bool{}
	for _, a := range pc.accesses {
		if a.kind != kRead || a.exempt != exNone || len(a.owners) == 0 || heldAny(a) {
			continue
		}
		if a.fn.Signature.Recv() == nil || a.owners[len(a.owners)-1].Base != lockset.BaseParam || a.owners[len(a.owners)-1].Index != 0 {
			continue
		}
		if obj, ok := a.fn.Object().(*types.Func); !ok || !obj.Exported() {
			continue
		}
		if len(a.fn.Params) == 0 || !concurrentType(a.fn.Params[0].Type()) {
			continue
		}
		load, ok := a.instr.(*ssa.UnOp)
		if !ok {
			continue
		}
		if pc.usesLocks(a.fn) {
			continue // it locks elsewhere: the engine may only have lost the lock here
		}
		st := nilCheckedStore(load, a)
		if st == nil || seen[fk{a.fn, a.target}] {
			continue
		}
		seen[fk{a.fn, a.target}] = true
		pc.report(a.pos, catLazyInit,
			fmt.Sprintf("lazy initialisation of %s without synchronization: concurrent calls of %s race on it (written at line %d); use sync.Once or the lock",
				a.expr(), a.fn.Name(), pc.line(st.pos)),
			analysis.RelatedInformation{Pos: st.pos, Message: "written here"})
	}
}

// nilCheckedStore returns the unguarded store of the same field in the
// branch where load == nil, or nil.
func nilCheckedStore(load *ssa.UnOp, a *access) *access {
	var ifi *ssa.If
	var thenBlock *ssa.BasicBlock
	for _, ref := range *load.Referrers() {
		bin, ok := ref.(*ssa.BinOp)
		if !ok || (bin.Op != token.EQL && bin.Op != token.NEQ) {
			continue
		}
		other := bin.Y
		if bin.Y == load {
			other = bin.X
		}
		if c, ok := other.(*ssa.Const); !ok || !c.IsNil() {
			continue
		}
		for _, r2 := range *bin.Referrers() {
			if i, ok := r2.(*ssa.If); ok {
				ifi = i
				thenBlock = i.Block().Succs[0]
				if bin.Op == token.NEQ {
					thenBlock = i.Block().Succs[1]
				}
			}
		}
	}
	if ifi == nil {
		return nil
	}
	for _, b := range a.fn.Blocks {
		if !thenBlock.Dominates(b) {
			continue
		}
		for _, instr := range b.Instrs {
			st, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			fa, ok := st.Addr.(*ssa.FieldAddr)
			if !ok || fieldVar(fa.X, fa.Field) != a.target {
				continue
			}
			k, ok := a.fc.keyer.Key(fa.X)
			if !ok || !lockset.Same(k, a.owners[0]) {
				continue
			}
			for _, w := range a.fc.pc.accessesAt(st) {
				if !heldAny(w) {
					return w
				}
			}
		}
	}
	return nil
}

// replaces reports whether fn, or a function of the package it calls
// (two levels deep), assigns the field itself (c.m = make(...)): a
// function that takes the old value and replaces it owns the old value.
func (pc *passCtx) replaces(fn *ssa.Function, f *types.Var, depth int) bool {
	for _, b := range pc.accessesOfFn(fn) {
		if b.target == f && b.kind == kWrite && !b.elem {
			return true
		}
	}
	if depth >= 2 {
		return false
	}
	if pc.calls == nil {
		pc.calls = pc.callees()
	}
	for _, c := range pc.calls[fn] {
		if pc.replaces(c, f, depth+1) {
			return true
		}
	}
	return false
}

// accessesOfFn returns the accesses recorded in fn.
func (pc *passCtx) accessesOfFn(fn *ssa.Function) []*access {
	if pc.byFn == nil {
		pc.byFn = map[*ssa.Function][]*access{}
		for _, a := range pc.accesses {
			pc.byFn[a.fn] = append(pc.byFn[a.fn], a)
		}
	}
	return pc.byFn[fn]
}

// usesLocks reports whether a lock is held anywhere in fn.
func (pc *passCtx) usesLocks(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if len(pc.locks.HeldAt(instr)) > 0 {
				return true
			}
		}
	}
	return false
}

// accessesAt returns the accesses recorded for instr.
func (pc *passCtx) accessesAt(instr ssa.Instruction) []*access {
	if pc.byInstr == nil {
		pc.byInstr = map[ssa.Instruction][]*access{}
		for _, a := range pc.accesses {
			pc.byInstr[a.instr] = append(pc.byInstr[a.instr], a)
		}
	}
	return pc.byInstr[instr]
}

// checkRangeAfter reports a map or slice loaded from a field with its
// guard held and iterated or indexed after the guard is released, while
// another access of the package mutates it in place with the guard held.
func (pc *passCtx) checkRangeAfter() {
	// In-place mutations by guard, per field.
	type mut struct {
		g guard
		a *access
	}
	muts := map[*types.Var][]mut{}
	for _, a := range pc.accesses {
		if !a.elem || a.kind != kWrite || a.exempt != exNone {
			continue
		}
		for g, m := range a.guards() {
			if m&lockset.Write != 0 {
				muts[a.target] = append(muts[a.target], mut{g, a})
			}
		}
	}
	for _, ms := range muts {
		sort.Slice(ms, func(i, j int) bool { return ms[i].a.pos < ms[j].a.pos })
	}
	for _, a := range pc.accesses {
		ms := muts[a.target]
		if len(ms) == 0 || a.kind != kRead || a.exempt != exNone {
			continue
		}
		load, ok := a.instr.(*ssa.UnOp)
		if !ok || load.Referrers() == nil {
			continue
		}
		switch load.Type().Underlying().(type) {
		case *types.Map, *types.Slice:
		default:
			continue
		}
		// A function that replaces the field after taking it (m := c.m;
		// c.m = nil) owns the old value: nobody else can reach it.
		if pc.replaces(a.fn, a.target, 0) {
			continue
		}
		gs := a.guards()
		for _, m := range ms {
			if gs[m.g] == 0 || m.a.fn == a.fn {
				continue
			}
			var lockKey lockset.Key
			found := false
			for _, h := range a.held {
				if h.Mode == lockset.Maybe {
					continue
				}
				hg := (&access{owners: a.owners, ownerTypes: a.ownerTypes, held: []lockset.HeldLock{h}}).guards()
				if hg[m.g] != 0 {
					lockKey, found = h.Key, true
				}
			}
			if !found {
				continue
			}
			for _, ref := range *load.Referrers() {
				isRet := returned(load, ref)
				switch {
				case isRet:
					// Handed to the caller: the lock is released on the way
					// out (a deferred unlock), unless the function is a
					// lock helper that returns with locks held.
					if s := pc.locks.Summary(a.fn); s == nil || s.Unknown || len(s.HeldOnReturn) > 0 || a.fn.Parent() != nil {
						continue
					}
				default:
					switch ref.(type) {
					case *ssa.Range, *ssa.Lookup, *ssa.IndexAddr, *ssa.Index:
					default:
						continue
					}
				}
				stillHeld := false
				if !isRet {
					for _, h := range pc.locks.HeldAt(ref) {
						if lockset.Same(h.Key, lockKey) {
							stillHeld = true
						}
					}
				}
				for _, h := range a.fc.entry {
					if lockset.Same(h.Key, lockKey) {
						stillHeld = true
					}
				}
				if stillHeld {
					continue
				}
				verb, fix := "iterated", "copy it under the lock"
				if _, isRange := ref.(*ssa.Range); !isRange {
					verb = "read"
				}
				if isRet {
					verb, fix = "returned", "return a copy"
				}
				pos := ref.Pos()
				if !pos.IsValid() {
					pos = a.pos
				}
				lock := a.lockName(m.g)
				pc.report(pos, catRange,
					fmt.Sprintf("%s is %s after %s is released, while %s mutates it under %s (line %d): %s",
						a.expr(), verb, lock, m.a.fn.Name(), lock, pc.line(m.a.pos), fix),
					analysis.RelatedInformation{Pos: a.pos, Message: "taken under " + lock + " here"},
					analysis.RelatedInformation{Pos: m.a.pos, Message: "mutated here"})
				break
			}
			break
		}
	}
}

// returned reports whether ref returns v: directly, or through the result
// slot a function with defers stores its results in.
func returned(v ssa.Value, ref ssa.Instruction) bool {
	switch r := ref.(type) {
	case *ssa.Return:
		return true
	case *ssa.Store:
		slot, ok := r.Addr.(*ssa.Alloc)
		if !ok || r.Val != v || slot.Heap || slot.Referrers() == nil {
			return false
		}
		for _, u := range *slot.Referrers() {
			if ld, ok := u.(*ssa.UnOp); ok && ld.Op == token.MUL && ld.Referrers() != nil {
				for _, w := range *ld.Referrers() {
					if _, ok := w.(*ssa.Return); ok {
						return true
					}
				}
			}
		}
	}
	return false
}
