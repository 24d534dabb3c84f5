package guardedby

import (
	"fmt"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/hb"
	"github.com/conclint/conclint/internal/lockset"
	"github.com/conclint/conclint/internal/ssacfg"
)

// This file holds the goroutinefield sub-check: a field that a goroutine
// started by the package assigns (a connection dialed in the background,
// the latest state of a watcher, a cache a loader fills) while a method of
// the object, outside that goroutine, reads it, with nothing ordering the
// two. It is off by default (see doc.go).

// checkGoroutineFields reports, once per field, the first unsynchronized
// assignment made by a goroutine body when an exported method of the
// owner's type (directly or through helpers of the package) reads the
// field with no lock held and without receiving or waiting first.
func (pc *passCtx) checkGoroutineFields() {
	starts, bodies := pc.goBodies()
	if len(starts) == 0 || pc.hb == nil {
		return
	}
	// Fields that some access reaches with a lock held, or atomically,
	// follow a protocol the other sub-checks judge.
	skip := map[*types.Var]bool{}
	for _, a := range pc.accesses {
		if !a.target.IsField() || heldAny(a) || a.kind.atomic() {
			skip[a.target] = true
		}
	}
	type write struct {
		w     *access
		start *ssa.Go
		body  map[*ssa.Function]bool
	}
	writes := map[*types.Var][]write{}
	for _, a := range pc.accesses {
		if skip[a.target] || a.kind != kWrite || a.elem || a.exempt != exNone || len(a.owners) == 0 {
			continue
		}
		if pc.usesLocks(a.fn) {
			continue
		}
		for i, body := range bodies {
			if pc.inTestFile(starts[i].Pos()) || (!body[a.fn] && !body[outermost(a.fn)]) || !startedOn(starts[i], a) {
				continue
			}
			if pc.releasedAfter(a.fn, a.instr, body, 0) {
				continue // a reader may wait on the release
			}
			writes[a.target] = append(writes[a.target], write{a, starts[i], body})
		}
	}
	if len(writes) == 0 {
		return
	}
	var fields []*types.Var
	for f, ws := range writes {
		fields = append(fields, f)
		sort.Slice(ws, func(i, j int) bool { return ws[i].w.pos < ws[j].w.pos })
	}
	sort.Slice(fields, func(i, j int) bool { return writes[fields[i]][0].w.pos < writes[fields[j]][0].w.pos })
	var reads []*access
	for _, a := range pc.accesses {
		if a.kind == kRead && a.exempt == exNone && !skip[a.target] && writes[a.target] != nil && len(a.owners) > 0 {
			reads = append(reads, a)
		}
	}
	sort.Slice(reads, func(i, j int) bool { return reads[i].pos < reads[j].pos })
	for _, f := range fields {
	next:
		for _, w := range writes[f] {
			for _, r := range reads {
				if r.target != f || !sameOwnerType(r, w.w) {
					continue
				}
				if w.body[r.fn] || w.body[outermost(r.fn)] {
					continue // the goroutine's own state
				}
				recv := r.owners[len(r.owners)-1]
				if r.fn.Signature.Recv() == nil || recv.Base != lockset.BaseParam || recv.Index != 0 {
					continue
				}
				// The spawner reading before its go statement.
				if w.start.Parent() == r.fn && !ssacfg.MayFollow(w.start, r.instr) {
					continue
				}
				entry := pc.unorderedFrom(r.fn, r.instr, w.body, 0)
				if entry == nil {
					continue
				}
				reader := entry.Name()
				pc.report(w.w.pos, catGoroutineField,
					fmt.Sprintf("%s is assigned by the goroutine started at %s and read by %s without synchronization (line %d): use a mutex, sync/atomic, or a channel %s waits on",
						w.w.expr(), pc.where(w.start.Pos()), reader, pc.line(r.pos), reader),
					analysis.RelatedInformation{Pos: w.start.Pos(), Message: "goroutine started here"},
					analysis.RelatedInformation{Pos: r.pos, Message: "read here"})
				break next
			}
		}
	}
}

// startedOn reports whether the write a assigns a field of the object
// the goroutine g runs on: its outermost owner came from outside the
// function (a parameter, a captured variable) and has the type of an
// argument of the go statement or of a variable its closure captures; and
// a is made by the goroutine's function (or a closure in it) or by a
// method called on that object. A field of an object the goroutine reads
// or builds per request is not the spawner's state.
func startedOn(g *ssa.Go, a *access) bool {
	root := a.owners[len(a.owners)-1]
	if root.Base != lockset.BaseParam && root.Base != lockset.BaseFreeVar {
		return false
	}
	t := derefType(a.ownerTypes[len(a.ownerTypes)-1])
	vals := append([]ssa.Value(nil), g.Call.Args...)
	target, _ := g.Call.Value.(*ssa.Function)
	if mc, ok := g.Call.Value.(*ssa.MakeClosure); ok {
		vals = append(vals, mc.Bindings...)
		target, _ = mc.Fn.(*ssa.Function)
	}
	match := false
	for _, v := range vals {
		vt := v.Type()
		if p, ok := vt.Underlying().(*types.Pointer); ok {
			vt = p.Elem()
			if q, ok := vt.Underlying().(*types.Pointer); ok {
				vt = q.Elem() // a captured variable's cell
			}
		}
		if _, isNamed := types.Unalias(vt).(*types.Named); isNamed && types.Identical(vt, t) {
			match = true
		}
	}
	if !match || target == nil {
		return false
	}
	if o := target.Origin(); o != nil {
		target = o
	}
	for f := a.fn; f != nil; f = f.Parent() {
		if f == target || f.Origin() == target {
			return true
		}
	}
	return a.fn.Signature.Recv() != nil && root.Base == lockset.BaseParam && root.Index == 0
}

// sameOwnerType reports whether the outermost objects of two accesses
// have the same type.
func sameOwnerType(a, b *access) bool {
	if len(a.ownerTypes) == 0 || len(b.ownerTypes) == 0 {
		return false
	}
	return types.Identical(derefType(a.ownerTypes[len(a.ownerTypes)-1]), derefType(b.ownerTypes[len(b.ownerTypes)-1]))
}

// unorderedFrom returns the exported method from which the read at instr
// in fn is reached with no lock, receive or wait before it (fn itself, or
// a caller of the package, two levels up), or nil.
func (pc *passCtx) unorderedFrom(fn *ssa.Function, instr ssa.Instruction, body map[*ssa.Function]bool, depth int) *ssa.Function {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if body[fn] || body[outermost(fn)] || pc.usesLocks(fn) || pc.waitsBefore(fn, instr) {
		return nil
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj.Exported() && fn.Signature.Recv() != nil && !pc.inTestFile(fn.Pos()) {
		return fn
	}
	if depth >= 2 || pc.valueUsed[fn] || fn.Parent() != nil {
		return nil
	}
	for _, site := range pc.callSites[fn] {
		switch site.(type) {
		case *ssa.Go, *ssa.Defer:
			continue
		}
		if e := pc.unorderedFrom(site.Parent(), site, body, depth+1); e != nil {
			return e
		}
	}
	return nil
}

// waitsBefore reports whether fn may observe another goroutine's release
// before instr: an acquire of the happens-before model (a receive, a
// select, a Wait, a lock, Once.Do, an atomic, in fn or a callee the model
// follows). Unknown calls do not count: they are the reader's work.
func (pc *passCtx) waitsBefore(fn *ssa.Function, instr ssa.Instruction) bool {
	for _, e := range pc.hb.FuncEvents(fn) {
		if e.Kind.Acquire() && e.Kind != hb.Unknown && !e.Deferred && e.Instr != instr && ssacfg.MayFollow(e.Instr, instr) {
			return true
		}
	}
	return false
}

// releasedAfter reports whether, in the goroutine body, a release of the
// happens-before model other than a receive may follow instr in fn (deferred releases
// included; callees through the model), or follow the call of fn in a
// caller inside the body (two levels).
func (pc *passCtx) releasedAfter(fn *ssa.Function, instr ssa.Instruction, body map[*ssa.Function]bool, depth int) bool {
	for _, e := range pc.hb.FuncEvents(fn) {
		if e.Kind == hb.ChanRecv {
			continue // publishes only to a sender, not to a reader method
		}
		if e.Kind.Release() && (e.Deferred || (e.Instr != instr && ssacfg.MayFollow(instr, e.Instr))) {
			return true
		}
	}
	if depth >= 2 {
		return false
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	for _, site := range pc.callSites[fn] {
		if _, isGo := site.(*ssa.Go); isGo || !body[site.Parent()] {
			continue
		}
		if pc.releasedAfter(site.Parent(), site, body, depth+1) {
			return true
		}
	}
	return false
}
