package guardedby

import (
	"fmt"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/lockset"
)

// This file checks the accesses of each field and package variable against
// its guard: the one its declaration names (explicit), or the one inferred
// from the package's other accesses; and writes made under the read side of
// an RWMutex.

// guardFact records the guard of a field or package variable, so that
// packages that import it check their accesses too.
type guardFact struct {
	Global  string
	Up      int
	Path    string
	Name    string // the lock as written in the declaring package ("mu")
	Form    uint8  // formComment, formChecklocks, formInferred
	Guarded int    // inferred: places with the lock held
	Total   int    // inferred: places counted
	// Fixed: the declaring package never writes the field after the
	// object is shared (only constructors and initialisation do): reads
	// cannot race, whatever guards its contents.
	Fixed bool
}

func (*guardFact) AFact() {}

func (f *guardFact) String() string {
	switch form(f.Form) {
	case formInferred:
		return fmt.Sprintf("guardedby:%s inferred %d/%d", f.Name, f.Guarded, f.Total)
	}
	return fmt.Sprintf("guardedby:%s explicit", f.Name)
}

func (f *guardFact) guard() guard { return guard{global: f.Global, up: f.Up, path: f.Path} }

// A place is one line of one function that accesses a target: the unit
// of evidence (c.n++ loads and stores; r.b[r.i%len(r.b)] loads r.b twice).
type place struct {
	fn     *ssa.Function
	line   int
	write  bool
	guards map[guard]lockset.Mode // held at every access of the place
	first  *access
}

// targetInfo is everything known about one field or variable.
type targetInfo struct {
	obj      *types.Var
	accesses []*access
	atomic   bool // accessed with sync/atomic somewhere in the package
	guard    *guardFact
}

// checkGuards infers guards, exports them as facts, and reports unguarded
// accesses and writes under a read lock.
func (pc *passCtx) checkGuards() {
	byTarget := map[*types.Var]*targetInfo{}
	var order []*targetInfo
	for _, a := range pc.accesses {
		ti := byTarget[a.target]
		if ti == nil {
			ti = &targetInfo{obj: a.target}
			byTarget[a.target] = ti
			order = append(order, ti)
		}
		ti.accesses = append(ti.accesses, a)
		if a.kind.atomic() {
			ti.atomic = true
		}
	}
	// Guards declared in this package, and facts for them.
	for obj, dg := range pc.an.fields {
		if obj.Pkg() != pc.pass.Pkg {
			continue
		}
		if dg.form == formComment && !pc.flags["comments"] {
			continue // not checked: no fact either, so importers stay cheap
		}
		f := &guardFact{Global: dg.g.global, Up: dg.g.up, Path: dg.g.path, Name: dg.name, Form: uint8(dg.form), Fixed: true}
		if ti := byTarget[obj]; ti != nil {
			ti.guard = f
			f.Fixed = !mutable(ti)
		}
		pc.exportFact(obj, f)
	}
	for _, ti := range order {
		if ti.guard != nil {
			continue
		}
		if ti.obj.Pkg() != pc.pass.Pkg {
			var f guardFact
			if pc.pass.ImportObjectFact(ti.obj, &f) {
				ti.guard = &f
			}
			continue
		}
		if ti.atomic {
			continue // the atomic check's business
		}
		if !pc.flags["inferred"] {
			continue
		}
		if f := pc.infer(ti); f != nil {
			ti.guard = f
			pc.exportFact(ti.obj, f)
		}
	}
	for _, ti := range order {
		pc.checkTarget(ti)
	}
}

// exportFact attaches f to obj when obj can carry a fact (a field of a type
// declared in a function cannot).
func (pc *passCtx) exportFact(obj *types.Var, f *guardFact) {
	if obj.Pkg() != pc.pass.Pkg {
		return
	}
	if !obj.Exported() {
		return // no other package can access it
	}
	if !obj.IsField() && obj.Parent() != pc.pass.Pkg.Scope() {
		return
	}
	pc.pass.ExportObjectFact(obj, f)
}

// counted reports whether an access is evidence of the protocol: not
// exempt for any reason.
func counted(a *access) bool { return a.exempt == exNone && a.kind.plain() }

// places groups the counted accesses of a target by function and line.
func (pc *passCtx) places(ti *targetInfo) []*place {
	type pk struct {
		fn   *ssa.Function
		line int
	}
	idx := map[pk]*place{}
	var out []*place
	for _, a := range ti.accesses {
		if !counted(a) {
			continue
		}
		k := pk{a.fn, pc.line(a.pos)}
		p := idx[k]
		gs := a.guards()
		if p == nil {
			p = &place{fn: a.fn, line: k.line, guards: gs, first: a}
			idx[k] = p
			out = append(out, p)
		} else {
			for g, m := range p.guards {
				if gm, ok := gs[g]; !ok {
					delete(p.guards, g)
				} else if gm != m {
					p.guards[g] = lockset.Mixed
				}
			}
		}
		if a.kind&kWrite != 0 {
			p.write = true
		}
	}
	return out
}

// infer returns the guard inferred for a field or variable of this
// package, or nil. The rule (documented in doc.go): at least minPlaces
// places, at least minGuarded of them — and minRatio of all — with the same
// lock held, and one of them a write with the lock held for writing.
func (pc *passCtx) infer(ti *targetInfo) *guardFact {
	ps := pc.places(ti)
	if len(ps) < minPlaces {
		return nil
	}
	count := map[guard]int{}
	written := map[guard]bool{}
	for _, p := range ps {
		for g, m := range p.guards {
			count[g]++
			if p.write && m&lockset.Write != 0 && m != lockset.Maybe {
				written[g] = true
			}
		}
	}
	var cands []guard
	for g := range count {
		if g.global != "" && !strings.HasPrefix(g.global, pc.pass.Pkg.Path()+".") {
			// A package-level lock of another package (syscall.ForkLock
			// held through a library call) does not guard this package's
			// state.
			continue
		}
		if ti.obj.IsField() || g.global != "" {
			cands = append(cands, g)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if count[a] != count[b] {
			return count[a] > count[b]
		}
		if (a.global == "") != (b.global == "") {
			return a.global == ""
		}
		if a.up != b.up {
			return a.up < b.up
		}
		if a.global != b.global {
			return a.global < b.global
		}
		return a.path < b.path
	})
	best := cands[0]
	n := count[best]
	if n < minGuarded || float64(n) < minRatio*float64(len(ps)) || !written[best] {
		return nil
	}
	return &guardFact{Global: best.global, Up: best.up, Path: best.path, Name: guardName(best), Form: uint8(formInferred), Guarded: n, Total: len(ps)}
}

// checkTarget reports the unguarded accesses of one target (one report per
// function) and its writes under a read lock.
func (pc *passCtx) checkTarget(ti *targetInfo) {
	f := ti.guard
	if f != nil && ti.atomic && ti.obj.Pkg() == pc.pass.Pkg {
		f = nil // accessed atomically too: the atomic check decides
	}
	if f != nil {
		switch form(f.Form) {
		case formInferred:
			if !pc.flags["inferred"] {
				f = nil
			}
		case formChecklocks:
			if !pc.flags["checklocks"] {
				f = nil
			}
		default:
			if !pc.flags["comments"] {
				f = nil
			}
		}
	}
	var writers []*ssa.Function
	var writes []*access // the writes that may run once the object is shared
	for _, a := range ti.accesses {
		if a.kind&kWrite != 0 && a.exempt == exNone {
			writers = append(writers, a.fn)
		}
		if a.kind&(kWrite|kAddr) != 0 && (a.exempt == exNone || a.exempt == exWild || a.exempt == exDebug) {
			writes = append(writes, a)
		}
	}
	fixed := f != nil && f.Fixed
	// One report per function and kind of access (read, write).
	type rk struct {
		fn    *ssa.Function
		write bool
	}
	reported := map[rk]bool{}
	var related *access
	if f != nil {
		for _, a := range ti.accesses {
			if counted(a) && a.holds(f.guard())&lockset.Write != 0 {
				related = a
				break
			}
		}
		if related == nil {
			for _, a := range ti.accesses {
				if counted(a) && a.holds(f.guard()) != 0 {
					related = a
					break
				}
			}
		}
	}
	for _, a := range ti.accesses {
		k := rk{a.fn, a.kind&kWrite != 0}
		if !a.kind.plain() || reported[k] {
			continue
		}
		switch a.exempt {
		case exNone:
		case exDebug:
			if !pc.flags["debug"] {
				continue
			}
		default:
			continue
		}
		if f == nil {
			if a.kind&kWrite != 0 && pc.flags["rlock"] {
				if pc.rlockUnguarded(a) {
					reported[k] = true
				}
			}
			continue
		}
		g := f.guard()
		if f.Up >= len(a.owners) && f.Global == "" {
			continue // reached through a value we cannot name
		}
		m := a.holds(g)
		if m == 0 {
			if a.kind&kWrite == 0 && (fixed || pc.confined(a.fn, writers)) {
				continue // never written once shared, or the only writer's goroutine reads its own writes
			}
			if pc.afterOwnRecv(a) || pc.writtenBeforeStart(a, writes) || commonLock(a, writes) || pc.callersHold(a.fn, a, g, 0) {
				continue // ordered by a channel of the object, or by the go statement
			}
			if pc.acquires(a, g) {
				// The function takes the lock elsewhere: here the engine
				// may only have lost track of it (a call it cannot see
				// into); unknown means silent.
				continue
			}
			reported[k] = true
			pc.reportUnguarded(a, f, related)
			continue
		}
		if a.kind&kWrite != 0 && m == lockset.Read && pc.flags["rlock"] {
			reported[k] = true
			pc.reportRLock(a, a.lockName(g))
		}
	}
}

// mutable reports whether the package writes the field (or its map or
// slice contents) after the object is shared.
func mutable(ti *targetInfo) bool {
	for _, a := range ti.accesses {
		if a.kind&(kWrite|kAtomicWrite|kAddr) != 0 && (a.exempt == exNone || a.exempt == exWild || a.exempt == exDebug) {
			return true
		}
	}
	return false
}

// acquires reports whether the access's function (or the function it is
// declared in) acquires guard g of the access's object anywhere, directly
// or through a lock helper.
func (pc *passCtx) acquires(a *access, g guard) bool {
	if g.global == "" && g.up >= len(a.owners) {
		return false
	}
	want := lockset.Key{Base: lockset.BaseGlobal, Name: g.global, Path: g.path}
	if g.global == "" {
		want = a.owners[g.up]
		want.Path += g.path
	}
	fn := a.fn
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			for _, h := range pc.locks.HeldAt(instr) {
				if lockset.Same(h.Key, want) {
					return true
				}
			}
		}
	}
	return false
}

// reportUnguarded reports an access without its guard.
func (pc *passCtx) reportUnguarded(a *access, f *guardFact, related *access) {
	g := f.guard()
	lock := a.lockName(g)
	verb := "read"
	switch {
	case a.kind&kWrite != 0:
		verb = "written"
	case a.kind&kAddr != 0:
		verb = "used" // its address handed to a call
	}
	var evidence, cat string
	switch form(f.Form) {
	case formInferred:
		cat = catInferred
		evidence = fmt.Sprintf("accessed with %s held in %d of %d places", lock, f.Guarded, f.Total)
		if a.target.Pkg() != pc.pass.Pkg {
			evidence += " in package " + a.target.Pkg().Name()
		}
	case formChecklocks:
		cat = catExplicit
		evidence = "annotated +checklocks:" + f.Name
	default:
		cat = catExplicit
		evidence = "its declaration says it is guarded by " + f.Name
	}
	var rel []analysis.RelatedInformation
	if related != nil {
		rel = append(rel, analysis.RelatedInformation{Pos: related.pos, Message: "accessed with " + related.lockName(g) + " held here"})
	}
	pc.report(a.pos, cat, fmt.Sprintf("%s is %s without %s: %s", a.expr(), verb, lock, evidence), rel...)
}

// reportRLock reports a write under the read side of its guard.
func (pc *passCtx) reportRLock(a *access, lock string) {
	pc.report(a.pos, catRLock, fmt.Sprintf("%s is written while %s is only read-locked: other readers hold %s at the same time; use %s.Lock", a.expr(), lock, lock, lock))
}

// rlockUnguarded reports a write to a field with no known guard made while
// an RWMutex of the same object is read-locked and no lock is held for
// writing: whatever guards the field, the readers run together.
func (pc *passCtx) rlockUnguarded(a *access) bool {
	if len(a.owners) == 0 && a.target.IsField() {
		return false
	}
	var readG *guard
	for g, m := range a.guards() {
		if m&lockset.Write != 0 {
			return false
		}
		if m == lockset.Read && (g.global == "" || !a.target.IsField()) {
			gg := g
			if readG == nil || gg.up < readG.up {
				readG = &gg
			}
		}
	}
	for _, h := range a.held {
		if h.Mode&lockset.Write != 0 && h.Mode != lockset.Maybe {
			return false // another lock held for writing may guard it
		}
	}
	if readG == nil {
		return false
	}
	pc.reportRLock(a, a.lockName(*readG))
	return true
}

// guardName renders a guard independently of any access ("mu", "Mutex",
// "regMu"), for facts.
func guardName(g guard) string {
	p := strings.TrimPrefix(strings.ReplaceAll(g.path, "*", ""), ".")
	if g.global != "" {
		name := g.global
		if i := strings.LastIndexByte(name, '.'); i >= 0 && !strings.Contains(name[i:], "/") {
			name = name[i+1:]
		}
		if p != "" {
			return name + "." + p
		}
		return name
	}
	return p
}
