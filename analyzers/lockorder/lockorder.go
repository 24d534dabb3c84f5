package lockorder

import (
	_ "embed"
	"fmt"
	"go/token"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/analyzerdoc"
	"github.com/conclint/conclint/internal/factsonly"
	"github.com/conclint/conclint/internal/lockset"
	"github.com/conclint/conclint/internal/suppress"
)

//go:embed doc.go
var doc string

// Analyzer reports lock-order inversions (ABBA deadlocks).
var Analyzer = &analysis.Analyzer{
	Name:      "lockorder",
	Doc:       analyzerdoc.MustExtract(doc, "lockorder"),
	URL:       analyzerdoc.URL("lockorder"),
	Requires:  []*analysis.Analyzer{lockset.Analyzer},
	Run:       suppress.Run(run),
	FactTypes: []analysis.Fact{new(ordersFact)},
}

func init() {
	Analyzer.Flags.BoolVar(new(bool), "flaggated", false,
		"also report cycles with an edge taken only until a once-initialisation completes (behind a double-checked early return on a completion flag of the lock's owner)")
}

// Categories, one per sub-kind.
const (
	catLocal  = "lockorder"        // both orders are taken in this package
	catImport = "lockorder-import" // the opposite order comes from an imported package
	catFlag   = "lockorder-flag"   // one order is taken only until a once-initialisation completes (flag)
)

// maxFactEdges bounds the edges a package fact carries (its own and its
// dependencies'), at most one per ordered class pair: facts stay small and
// the cost of a package is linear in the number of edges it sees.
const maxFactEdges = 2000

// edge is a class-level lock-order edge: Class acquired while FromClass is
// held, in function Fn. It is the serialised form used in facts.
type edge struct {
	FromClass, Class string
	FromMode, Mode   lockset.Mode
	Gates            []lockset.Gate
	Fn               string   // the function holding FromClass, qualified by package name
	Where            string   // "file.go:12" of the innermost Lock call of Class
	Site             string   // "file.go:12" of the call in Fn, when the acquisition is in a callee
	Via              []string // call chain from Fn to the Lock call, outermost first
	Test             bool     // born in a _test.go file
	Pkg              string   // path of the package of Fn
	// Note says how Class is acquired when Fn's own code and callees do
	// not: in a callback Fn passes to a function holding FromClass, or in
	// an implementation of an interface method that such a function
	// calls. Via is then the chain inside the callback.
	Note string
	// FlagGate, FlagWhere: see lockset.OrderEdge (once-initialisation).
	FlagGate, FlagWhere string
}

// ordersFact is a package fact: the lock-order edges of the package and of
// its dependencies (unitchecker re-exports no package facts, so each fact
// carries the transitive set), bounded by maxFactEdges.
type ordersFact struct{ Edges []edge }

func (*ordersFact) AFact() {}

func (f *ordersFact) String() string {
	var parts []string
	for _, e := range f.Edges {
		parts = append(parts, e.FromClass+"->"+e.Class)
	}
	return "lockorder:" + strings.Join(parts, " ")
}

// local is an edge born in this package, with its positions.
type local struct {
	edge
	oe  lockset.OrderEdge
	pos token.Pos // where it is reported: the innermost Lock call in this package, else the call
	// resolved: an edge made by resolveInvokes, born in an
	// implementation of an interface method.
	resolved bool
}

type pairKey struct{ from, to string }

// checker is the per-pass context.
type checker struct {
	pass *analysis.Pass
	// locals are indexed by ordered class pair, in position order.
	locals   map[pairKey][]*local
	imported map[pairKey]edge
	// flagGated: report cycles in the flag-gated tier too.
	flagGated bool
}

func run(pass *analysis.Pass) (any, error) {
	defer explored(pass)()
	res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	c := &checker{pass: pass, locals: map[pairKey][]*local{}, imported: map[pairKey]edge{}}
	if f := pass.Analyzer.Flags.Lookup("flaggated"); f != nil {
		c.flagGated = f.Value.String() == "true"
	}

	// Edges born here. OrderEdges is sorted by position, so locals are too.
	var own []*local
	seen := map[string]bool{}
	for _, oe := range res.OrderEdges() {
		l, ok := c.localEdge(oe)
		if !ok {
			continue
		}
		id := fmt.Sprintf("%s|%s|%d|%d", l.FromClass, l.Class, l.oe.FromPos, l.oe.Pos)
		if seen[id] {
			continue // the same acquisition replayed (deferred calls at several returns)
		}
		seen[id] = true
		own = append(own, l)
		k := pairKey{l.FromClass, l.Class}
		c.locals[k] = append(c.locals[k], l)
	}

	// Edges of the dependencies, one per ordered class pair.
	for _, pf := range pass.AllPackageFacts() {
		f, ok := pf.Fact.(*ordersFact)
		if !ok || pf.Package == pass.Pkg {
			continue
		}
		for _, e := range f.Edges {
			k := pairKey{e.FromClass, e.Class}
			if old, ok := c.imported[k]; !ok || better(e, old) {
				c.imported[k] = e
			}
		}
	}

	// Interface calls under a lock (edges to a pseudo class, here or in
	// a dependency), resolved against this package's implementations:
	// each lock an implementation acquires is ordered after the lock
	// held at the call.
	own = append(own, c.resolveInvokes(res, own)...)
	if len(own) == 0 && len(c.imported) == 0 {
		return nil, nil // no lock order to check or to pass on
	}
	c.exportFact(own)
	if factsonly.Is(pass) {
		return nil, nil // a dependency: its reports would be thrown away
	}
	c.report(own)
	return nil, nil
}

// localEdge converts an engine edge, or rejects it (with the reason).
func (c *checker) localEdge(oe lockset.OrderEdge) (*local, bool) {
	switch {
	case oe.FromClass == oe.Class:
		// Two instances of one class (parent and child nodes, two
		// accounts): ordered by structure or by id, a different problem
		// that class-level order cannot decide.
		return nil, false
	case strings.HasPrefix(oe.FromClass, "local ") || strings.HasPrefix(oe.Class, "local "):
		// A mutex in a local variable: its class is the variable, which
		// names one function's lock; no other function orders it.
		return nil, false
	case strings.HasPrefix(oe.FromClass, "struct.") || strings.HasPrefix(oe.Class, "struct."):
		// A field of an unnamed struct type: every such struct has the
		// class "struct.<field>", so the class does not identify a lock.
		return nil, false
	case oe.FromOwned || oe.ToOwned:
		// The lock lives in an object this function allocated: no other
		// goroutine holds it yet (ownership, principle 3).
		return nil, false
	case oe.Reacquire:
		// The callee drops its caller's lock and takes it back (waiting
		// without the lock): the edge exists only where the caller
		// already holds To, which the class pair cannot tell.
		return nil, false
	case oe.Dying:
		// Every path from here panics: an error path (typically a misuse
		// check), like the unlocks that panics skip.
		return nil, false
	case !oe.Pos.IsValid() || !oe.FromPos.IsValid() || oe.Fn == nil:
		return nil, false // nowhere to report
	}
	// Report at the Lock call itself when it is in this package — except
	// for an edge born in a test that reaches it in production code: the
	// test is what takes the order, so the report goes to its call.
	test := c.isTest(oe.Pos)
	pos := oe.Pos
	if oe.Inner.IsValid() && c.isTest(oe.Inner) == test {
		pos = oe.Inner
	}
	l := &local{oe: oe, pos: pos}
	l.FromClass, l.Class = oe.FromClass, oe.Class
	l.FromMode, l.Mode = oe.FromMode, oe.Mode
	l.Gates = oe.Gates
	l.Fn = qualifiedName(oe.Fn)
	l.Where = oe.Where
	if len(oe.Via) > 0 {
		l.Site = c.where(oe.Pos)
		for _, v := range oe.Via {
			l.Via = append(l.Via, shortPaths(v))
		}
	}
	l.Test = test
	l.Pkg = c.pass.Pkg.Path()
	l.Note = oe.Note
	l.FlagGate, l.FlagWhere = oe.FlagGate, oe.FlagWhere
	if oe.Note != "" {
		l.Site = c.where(oe.Pos)
		l.Via = nil
		for _, v := range oe.Via {
			l.Via = append(l.Via, shortPaths(v))
		}
	}
	return l, true
}

// resolveInvokes turns the edges X → InvokeClass(I, M) born here or
// imported into edges X → Y for every lock Y acquired by an
// implementation of I.M in this package.
func (c *checker) resolveInvokes(res *lockset.Result, own []*local) []*local {
	type src struct {
		e    edge
		from lockset.OrderEdge
	}
	var srcs []src
	for _, l := range own {
		if _, _, ok := lockset.ParseInvokeClass(l.Class); ok {
			srcs = append(srcs, src{l.edge, l.oe})
		}
	}
	var keys []pairKey
	for k := range c.imported {
		if _, _, ok := lockset.ParseInvokeClass(k.to); ok {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].from != keys[j].from {
			return keys[i].from < keys[j].from
		}
		return keys[i].to < keys[j].to
	})
	for _, k := range keys {
		e := c.imported[k]
		srcs = append(srcs, src{e, lockset.OrderEdge{FromClass: e.FromClass, FromMode: e.FromMode, Gates: e.Gates}})
	}
	var out []*local
	seen := map[string]bool{}
	for _, s := range srcs {
		iface, method, _ := lockset.ParseInvokeClass(s.e.Class)
		for _, oe := range res.ImplEdges(iface, method, s.from) {
			id := fmt.Sprintf("%s|%s|%d", oe.FromClass, oe.Class, oe.Pos)
			if seen[id] {
				continue
			}
			seen[id] = true
			l, ok := c.localEdge(oe)
			if !ok {
				continue
			}
			through := ""
			if len(s.e.Via) > 0 {
				through = fmt.Sprintf(" (through %s at %s)", strings.Join(s.e.Via, " → "), s.e.Where)
			}
			holder := s.e.Fn
			if s.from.Fn != nil {
				holder = c.funcName(s.from.Fn)
			}
			l.Note = fmt.Sprintf("it implements %s.%s, which %s calls%s while holding %s%s", c.class(iface), method, holder, through, c.class(s.e.FromClass), mode(s.e.FromMode))
			l.Site = ""
			l.resolved = true
			out = append(out, l)
			k := pairKey{l.FromClass, l.Class}
			c.locals[k] = append(c.locals[k], l)
		}
	}
	return out
}

// better orders candidate edges for one class pair: the one most likely to
// deadlock (write modes, no gate, outside tests), then a stable order.
func better(a, b edge) bool {
	ra, rb := rank(a), rank(b)
	if ra != rb {
		return ra < rb
	}
	if a.Pkg != b.Pkg {
		return a.Pkg < b.Pkg
	}
	if a.Where != b.Where {
		return a.Where < b.Where
	}
	return a.Fn < b.Fn
}

func rank(e edge) int {
	r := 0
	if len(e.Gates) > 0 {
		r += 4
	}
	if e.FromMode == lockset.Read || e.Mode == lockset.Read {
		r += 2
	}
	if e.Test {
		r++
	}
	return r
}

// exportFact exports this package's edges and its dependencies', one per
// class pair, at most maxFactEdges, local ones first.
func (c *checker) exportFact(own []*local) {
	best := map[pairKey]edge{}
	for _, l := range own {
		k := pairKey{l.FromClass, l.Class}
		if old, ok := best[k]; !ok || better(l.edge, old) {
			best[k] = l.edge
		}
	}
	var out []edge
	for _, e := range best {
		out = append(out, e)
	}
	var deps []edge
	for k, e := range c.imported {
		if _, ok := best[k]; !ok {
			deps = append(deps, e)
		}
	}
	sortEdges(out)
	sortEdges(deps)
	out = append(out, deps...)
	if c.pass.Pkg.Name() == "main" {
		return // nobody imports a main package (test mains included)
	}
	if len(out) > maxFactEdges {
		out = out[:maxFactEdges] // budget: the nearest edges are kept
	}
	c.pass.ExportPackageFact(&ordersFact{Edges: out})
}

func sortEdges(es []edge) {
	sort.Slice(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.FromClass != b.FromClass {
			return a.FromClass < b.FromClass
		}
		return a.Class < b.Class
	})
}

// inversion is a reportable pair: r (born here, reported) and the
// opposite edge o (born here, when ol != nil, or imported).
type inversion struct {
	r  *local
	o  edge
	ol *local
}

// report finds, for each unordered class pair {A, B}, the edges A→B born
// here and B→A born here or imported, and reports the first conflicting
// pair once.
func (c *checker) report(own []*local) {
	done := map[pairKey]bool{}
	var found []inversion
	for _, l := range own {
		if _, _, pseudo := lockset.ParseInvokeClass(l.Class); pseudo {
			continue // resolved by resolveInvokes
		}
		k := pairKey{l.FromClass, l.Class}
		u := k
		if u.from > u.to {
			u = pairKey{u.to, u.from}
		}
		if done[u] {
			continue
		}
		inv, ok := c.inversion(k)
		if !ok {
			continue
		}
		done[u] = true
		found = append(found, inv)
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].r.pos < found[j].r.pos })
	for _, inv := range found {
		c.pass.Report(c.diagnostic(inv))
	}
}

// inversion picks the inversion to report for the class pair of k (either
// direction), deterministically: among conflicting pairs, the one whose
// reported edge comes first in the package; for two local edges, the one
// in a _test.go file when only one is, else the later of the two, is
// reported, with the other as related information.
func (c *checker) inversion(k pairKey) (inversion, bool) {
	rev := pairKey{k.to, k.from}
	var best inversion
	ok := false
	consider := func(inv inversion) {
		if !ok || inv.r.pos < best.r.pos {
			best, ok = inv, true
		}
	}
	for _, dir := range []pairKey{k, rev} {
		opp := pairKey{dir.to, dir.from}
		for _, a := range c.locals[dir] {
			for _, b := range c.locals[opp] {
				if !conflict(a.edge, b.edge) || !c.tierOK(a.edge, b.edge) {
					continue
				}
				// Report one of the two, once: the one in a test when
				// the other is not (production code sets the order the
				// test breaks), else the later one.
				if a.Test != b.Test {
					if !a.Test {
						continue
					}
				} else if a.pos < b.pos || a.pos == b.pos && a.oe.FromPos < b.oe.FromPos {
					continue
				}
				consider(inversion{r: a, o: b.edge, ol: b})
			}
			if e, has := c.imported[opp]; has && conflict(a.edge, e) && c.tierOK(a.edge, e) {
				consider(inversion{r: a, o: e})
			}
		}
	}
	return best, ok
}

// tierOK reports whether a cycle of a and b is reported under the flags:
// one with a flag-gated edge (a once-initialisation taking the order only
// until it completes, against an order taken afterwards) only with
// -lockorder.flaggated.
func (c *checker) tierOK(a, b edge) bool {
	return c.flagGated || a.FlagGate == "" && b.FlagGate == ""
}

// conflict reports whether a (A→B) and b (B→A) can deadlock: goroutine 1
// holds A and waits for B while goroutine 2 holds B and waits for A.
func conflict(a, b edge) bool {
	// Goroutine 1 waits for B only if its acquisition conflicts with
	// goroutine 2's hold of B, and vice versa: two read locks of an
	// RWMutex do not exclude each other.
	if a.Mode == lockset.Read && b.FromMode == lockset.Read {
		return false
	}
	if b.Mode == lockset.Read && a.FromMode == lockset.Read {
		return false
	}
	// A third lock held (in conflicting modes) at both acquisitions
	// serializes them: the two goroutines cannot both be there.
	for _, ga := range a.Gates {
		for _, gb := range b.Gates {
			if ga.Class == gb.Class && (ga.Mode != lockset.Read || gb.Mode != lockset.Read) {
				return false
			}
		}
	}
	// Both orders only in tests: test helpers lock freely and tests rarely
	// run those paths concurrently.
	if a.Test && b.Test {
		return false
	}
	return true
}

func (c *checker) diagnostic(inv inversion) analysis.Diagnostic {
	r, o := inv.r, inv.o
	a, b := c.class(r.FromClass), c.class(r.Class)
	var what string
	var related []analysis.RelatedInformation
	switch {
	case r.Note != "":
		holder := c.funcName(r.oe.Fn)
		calls := ""
		if len(r.Via) > 0 {
			calls = "; it calls " + strings.Join(r.Via, " → ")
		}
		if r.resolved {
			what = fmt.Sprintf("%s%s acquired here by %s (%s%s)", b, mode(r.Mode), holder, c.shortNote(r.Note), calls)
		} else {
			what = fmt.Sprintf("%s%s acquired here %s%s", b, mode(r.Mode), c.shortNote(r.Note), calls)
			if r.pos != r.oe.Pos {
				related = append(related, analysis.RelatedInformation{Pos: r.oe.Pos, Message: fmt.Sprintf("%s passes the callback here", holder)})
			}
		}
	case len(r.Via) == 0:
		what = fmt.Sprintf("%s%s acquired here while holding %s%s", b, mode(r.Mode), a, mode(r.FromMode))
	case r.pos != r.oe.Pos:
		// Reported at the Lock call inside the callee.
		what = fmt.Sprintf("%s%s acquired here while %s holds %s%s (it calls %s at %s)",
			b, mode(r.Mode), c.funcName(r.oe.Fn), a, mode(r.FromMode), strings.Join(r.Via, " → "), r.Site)
		related = append(related, analysis.RelatedInformation{Pos: r.oe.Pos,
			Message: fmt.Sprintf("%s calls %s here while holding %s", c.funcName(r.oe.Fn), r.Via[0], a)})
	default:
		what = fmt.Sprintf("%s%s acquired by this call to %s (locked at %s) while holding %s%s",
			b, mode(r.Mode), strings.Join(r.Via, " → "), r.Where, a, mode(r.FromMode))
	}
	if r.Note == "" {
		related = append(related, analysis.RelatedInformation{Pos: r.oe.FromPos, Message: a + " acquired here"})
	}

	holder := o.Fn
	if inv.ol != nil {
		holder = c.funcName(inv.ol.oe.Fn)
	}
	at := o.Where
	switch {
	case o.Note != "" && len(o.Via) > 0:
		at = fmt.Sprintf("%s; it calls %s, locked at %s", c.shortNote(o.Note), strings.Join(o.Via, " → "), o.Where)
	case o.Note != "":
		at = fmt.Sprintf("%s; locked at %s", c.shortNote(o.Note), o.Where)
	case len(o.Via) > 0:
		at = fmt.Sprintf("it calls %s at %s, locked at %s", strings.Join(o.Via, " → "), o.Site, o.Where)
	}
	if inv.ol == nil {
		at += ", in package " + o.Pkg
	}
	other := fmt.Sprintf("%s acquires %s%s while holding %s%s (%s)", holder, a, mode(o.Mode), b, mode(o.FromMode), at)
	if ol := inv.ol; ol != nil {
		related = append(related,
			analysis.RelatedInformation{Pos: ol.pos, Message: fmt.Sprintf("%s acquired here while %s holds %s", a, holder, b)})
		if ol.Note == "" {
			related = append(related, analysis.RelatedInformation{Pos: ol.oe.FromPos, Message: b + " acquired here"})
		}
		if ol.Note != "" && !ol.resolved && ol.pos != ol.oe.Pos {
			related = append(related, analysis.RelatedInformation{Pos: ol.oe.Pos, Message: fmt.Sprintf("%s passes the callback here", holder)})
		} else if ol.Note == "" && ol.pos != ol.oe.Pos && len(ol.Via) > 0 {
			related = append(related, analysis.RelatedInformation{Pos: ol.oe.Pos,
				Message: fmt.Sprintf("%s calls %s here while holding %s", holder, ol.Via[0], b)})
		}
	}
	cat := catLocal
	if inv.ol == nil {
		cat = catImport
	}
	msg := fmt.Sprintf("lock-order inversion: %s, but %s: two goroutines running these can deadlock", what, other)
	if g, w := r.FlagGate, r.FlagWhere; g != "" || o.FlagGate != "" {
		if g == "" {
			g, w = o.FlagGate, o.FlagWhere
		}
		msg += fmt.Sprintf(", unless the completion flag %s (checked at %s) keeps them apart", g, w)
		cat = catFlag
	}
	return analysis.Diagnostic{
		Pos:      r.pos,
		Category: cat,
		Message:  msg,
		Related:  related,
	}
}

// shortNote renders an edge's note with this package's names
// unqualified and others' import paths shortened.
func (c *checker) shortNote(note string) string {
	return shortPaths(strings.ReplaceAll(note, c.pass.Pkg.Path()+".", ""))
}

func mode(m lockset.Mode) string {
	if m == lockset.Read {
		return " (read)"
	}
	return ""
}

// class renders a lock class for messages: without the package qualifier
// for this package's types, with the last path element for others.
func (c *checker) class(cl string) string {
	if p := c.pass.Pkg.Path() + "."; strings.HasPrefix(cl, p) {
		return cl[len(p):]
	}
	return shortPaths(cl)
}

func (c *checker) isTest(pos token.Pos) bool {
	f := c.pass.Fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

func (c *checker) where(pos token.Pos) string {
	p := c.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// funcName names a function of this package for messages.
func (c *checker) funcName(fn *ssa.Function) string {
	return shortPaths(fn.RelString(c.pass.Pkg))
}

// qualifiedName names fn for other packages' messages: "(*b.Store).Move",
// "b.F$1".
func qualifiedName(fn *ssa.Function) string {
	return shortPaths(fn.RelString(nil))
}

// shortPaths drops import path prefixes from qualified names:
// "(*golang.org/x/tools/internal/x.T).M" → "(*x.T).M".
func shortPaths(s string) string {
	var b strings.Builder
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '/' {
			continue
		}
		// Find the start of the path segment run containing this slash.
		j := i
		for j > start && isPathByte(s[j-1]) {
			j--
		}
		b.WriteString(s[start:j])
		start = i + 1
	}
	b.WriteString(s[start:])
	return b.String()
}

func isPathByte(ch byte) bool {
	return ch == '.' || ch == '-' || ch == '_' || ch == '/' || ch == '~' ||
		'a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z' || '0' <= ch && ch <= '9'
}
