package lockset

import (
	"fmt"
	"go/token"
	"sort"
	"strings"
)

// Summary is what a function does to locks, relative to its parameters
// (receiver = parameter 0), free variables and globals. Summaries are
// computed bottom-up over the package's call graph and exported as facts,
// so calls into other packages are modelled too.
//
// A nil *Summary means "no lock effects known"; Unknown means the function
// was too large to analyse and callers must assume it may release anything
// it can reach.
type Summary struct {
	Unknown bool
	// Acquires are the locks the function (or a callee) acquires while it
	// does not itself hold them. Must acquisitions happen on every path
	// that returns normally.
	Acquires []Acquire
	// Requires are the locks the function releases without having
	// acquired them: the caller must hold them on entry ("...Locked" and
	// unlock-helper contracts).
	Requires []SumKey
	// Releases are the required locks that are released at every normal
	// return (the net effect of an unlock helper). A required lock that is
	// re-acquired before every return has no net effect; one re-acquired
	// on some returns only is in MayRelease.
	Releases   []SumKey
	MayRelease []SumKey
	// HeldOnReturn are the locks held at every normal return: the function
	// is a lock helper (func (s *S) lock() { s.mu.Lock() }).
	HeldOnReturn []Acquire
	// Edges are lock-order edges taken inside: To acquired while From held.
	Edges []Edge
	// Callbacks are the function's func-typed parameters it calls
	// synchronously (itself or through callees), with the locks it holds
	// then: a caller that passes a closure learns what runs under them.
	Callbacks []Callback
	// Invokes are the methods of named interfaces the function calls on
	// values it did not make (an observer or handler in a field or a
	// parameter), itself or through callees: the importing package's
	// implementations run there, under the caller's locks.
	Invokes []Invoke
}

// Callback is a call of the function's parameter Param (a func value).
type Callback struct {
	Param int
	Held  []HeldClass // the locks held at the call, by order class
	Where string      // "file.go:12" of the call of the parameter
	Via   []string    // call chain from the function to that call, outermost first, excluding it
}

// HeldClass is a lock held by a summarised function, by order class (it
// need not be nameable by the caller).
type HeldClass struct {
	Class string
	Mode  Mode
	Where string // where it was acquired
	// Key is the lock relative to the function's inputs, when it can be
	// (HasKey): a caller refines Class in its own frame (the lock of a
	// value it passes in is the caller's field, not just its type's).
	Key    SumKey
	HasKey bool
}

// Invoke is a call of method Method of the named interface type Iface
// ("pkgpath.Name").
type Invoke struct {
	Iface, Method string
	// Param is the parameter the receiver comes from (the parameter, or
	// an element of a slice or map parameter), or -1.
	Param int
	Where string   // "file.go:12" of the interface call
	Via   []string // call chain from the function to that call, excluding it
}

// Acquire is one lock acquisition in a summary.
type Acquire struct {
	Key  SumKey
	Mode Mode
	Must bool // on every path to a normal return
	// OnSuccess (when not Must): on every path to a normal return except
	// those that certainly report a failure (a false or non-nil error
	// last result): a helper that locks after a fallible step succeeds.
	OnSuccess bool
	Where     string   // "file.go:12" of the Lock call
	Via       []string // call chain from the summarised function, outermost first, excluding it
	// Reacquire: the function released this lock (its caller's) before
	// acquiring it again, so the acquisition does not conflict with the
	// caller holding it.
	Reacquire bool

	pos token.Pos // same package only (not encoded)
	// inner is the Lock call at the end of the call chain when it is in
	// this package (not encoded): lockorder reports there.
	inner token.Pos
}

// Edge is a lock-order edge: To is acquired while From is held.
type Edge struct {
	From, To         SumKey // zero Base when the lock is local to the function
	FromClass, Class string
	Where            string
}

// String is a deterministic rendering used by tests (// want name:"...").
func (s *Summary) String() string {
	if s == nil {
		return "none"
	}
	if s.Unknown {
		return "unknown"
	}
	var parts []string
	for _, a := range s.Acquires {
		m := "may"
		if a.Must {
			m = "must"
		} else if a.OnSuccess {
			m = "success"
		}
		parts = append(parts, fmt.Sprintf("acquires(%s %s %s)", a.Key, a.Mode, m))
	}
	for _, r := range s.Requires {
		parts = append(parts, fmt.Sprintf("requires(%s)", r))
	}
	for _, r := range s.Releases {
		parts = append(parts, fmt.Sprintf("releases(%s)", r))
	}
	for _, r := range s.MayRelease {
		parts = append(parts, fmt.Sprintf("may-release(%s)", r))
	}
	for _, h := range s.HeldOnReturn {
		parts = append(parts, fmt.Sprintf("returns-holding(%s %s)", h.Key, h.Mode))
	}
	for _, e := range s.Edges {
		parts = append(parts, fmt.Sprintf("edge(%s->%s)", e.FromClass, e.Class))
	}
	for _, c := range s.Callbacks {
		var held []string
		for _, h := range c.Held {
			held = append(held, h.Class+" "+h.Mode.String())
		}
		parts = append(parts, fmt.Sprintf("callback(p%d held[%s])", c.Param, strings.Join(held, ", ")))
	}
	for _, iv := range s.Invokes {
		if iv.Param >= 0 {
			parts = append(parts, fmt.Sprintf("invokes(%s.%s p%d)", iv.Iface, iv.Method, iv.Param))
		} else {
			parts = append(parts, fmt.Sprintf("invokes(%s.%s)", iv.Iface, iv.Method))
		}
	}
	return strings.Join(parts, " ")
}

func (s *Summary) empty() bool {
	return s == nil || (!s.Unknown && len(s.Acquires) == 0 && len(s.Requires) == 0 && len(s.Releases) == 0 && len(s.MayRelease) == 0 && len(s.HeldOnReturn) == 0 && len(s.Edges) == 0 && len(s.Callbacks) == 0 && len(s.Invokes) == 0)
}

// normalize sorts and dedups the summary so String is deterministic and
// fixpoint iteration can compare summaries.
func (s *Summary) normalize() {
	s.Acquires = normAcq(s.Acquires)
	s.HeldOnReturn = normAcq(s.HeldOnReturn)
	s.Requires = normKeys(s.Requires)
	s.Releases = normKeys(s.Releases)
	s.MayRelease = normKeys(s.MayRelease)
	sort.Slice(s.Edges, func(i, j int) bool {
		a, b := s.Edges[i], s.Edges[j]
		if a.FromClass != b.FromClass {
			return a.FromClass < b.FromClass
		}
		if a.Class != b.Class {
			return a.Class < b.Class
		}
		return a.Where < b.Where
	})
	var edges []Edge
	for i, e := range s.Edges {
		if i > 0 && e.FromClass == s.Edges[i-1].FromClass && e.Class == s.Edges[i-1].Class && e.From == s.Edges[i-1].From && e.To == s.Edges[i-1].To {
			continue
		}
		edges = append(edges, e)
	}
	if len(edges) > 64 {
		edges = edges[:64] // budget: summaries stay small
	}
	s.Edges = edges
	s.Callbacks = normCallbacks(s.Callbacks)
	s.Invokes = normInvokes(s.Invokes)
}

// normCallbacks keeps, per parameter, the union of the held classes, with
// the shortest call chain's position; at most 8 parameters.
func normCallbacks(in []Callback) []Callback {
	if len(in) == 0 {
		return nil
	}
	by := map[int]*Callback{}
	for _, c := range in {
		b, ok := by[c.Param]
		if !ok {
			c2 := c
			c2.Held = append([]HeldClass(nil), c.Held...)
			by[c.Param] = &c2
			continue
		}
		if len(c.Via) < len(b.Via) || len(c.Via) == len(b.Via) && c.Where < b.Where {
			b.Where, b.Via = c.Where, c.Via
		}
		b.Held = append(b.Held, c.Held...)
	}
	var out []Callback
	for _, c := range by {
		sort.Slice(c.Held, func(i, j int) bool {
			if c.Held[i].Class != c.Held[j].Class {
				return c.Held[i].Class < c.Held[j].Class
			}
			return c.Held[i].Mode < c.Held[j].Mode
		})
		var held []HeldClass
		for i, h := range c.Held {
			if i > 0 && h.Class == c.Held[i-1].Class && h.Mode == c.Held[i-1].Mode {
				continue
			}
			held = append(held, h)
		}
		if len(held) > 8 {
			held = held[:8]
		}
		c.Held = held
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Param < out[j].Param })
	if len(out) > 8 {
		out = out[:8]
	}
	return out
}

// normInvokes keeps one entry per interface method (the shortest call
// chain), at most 16.
func normInvokes(in []Invoke) []Invoke {
	if len(in) == 0 {
		return nil
	}
	type id struct {
		iface, method string
		param         int
	}
	best := make(map[id]Invoke, len(in))
	for _, iv := range in {
		k := id{iv.Iface, iv.Method, iv.Param}
		if b, ok := best[k]; !ok || len(iv.Via) < len(b.Via) || len(iv.Via) == len(b.Via) && iv.Where < b.Where {
			best[k] = iv
		}
	}
	out := make([]Invoke, 0, len(best))
	for _, iv := range best {
		out = append(out, iv)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Iface != out[j].Iface {
			return out[i].Iface < out[j].Iface
		}
		if out[i].Method != out[j].Method {
			return out[i].Method < out[j].Method
		}
		return out[i].Param < out[j].Param
	})
	if len(out) > 16 {
		out = out[:16]
	}
	return out
}

// normKeys sorts keys by their String form and drops repeats.
func normKeys(in []SumKey) []SumKey {
	if len(in) == 0 {
		return nil
	}
	strs := make([]string, len(in))
	for i, k := range in {
		strs[i] = k.String()
	}
	sort.Sort(byString{in, strs})
	var out []SumKey
	for i, r := range in {
		if i == 0 || r != in[i-1] {
			out = append(out, r)
		}
	}
	return out
}

// byString sorts keys by their precomputed String forms.
type byString struct {
	keys []SumKey
	strs []string
}

func (b byString) Len() int           { return len(b.keys) }
func (b byString) Less(i, j int) bool { return b.strs[i] < b.strs[j] }
func (b byString) Swap(i, j int) {
	b.keys[i], b.keys[j] = b.keys[j], b.keys[i]
	b.strs[i], b.strs[j] = b.strs[j], b.strs[i]
}

// normAcq keeps one acquire per lock (by its String form) and mode, the
// strongest; sorted by lock and mode, at most 32.
func normAcq(in []Acquire) []Acquire {
	if len(in) == 0 {
		return []Acquire{}
	}
	type id struct {
		key, mode string
	}
	type entry struct {
		a   Acquire
		key string
	}
	best := make(map[id]entry, len(in))
	for _, a := range in {
		k := id{a.Key.String(), a.Mode.String()}
		b, ok := best[k]
		better := !ok ||
			(b.a.Reacquire && !a.Reacquire) ||
			(a.Reacquire == b.a.Reacquire && a.Must && !b.a.Must) ||
			(a.Reacquire == b.a.Reacquire && a.Must == b.a.Must && a.OnSuccess && !b.a.OnSuccess) ||
			(a.Reacquire == b.a.Reacquire && a.Must == b.a.Must && a.OnSuccess == b.a.OnSuccess && len(a.Via) < len(b.a.Via))
		if better {
			best[k] = entry{a, k.key}
		}
	}
	es := make([]entry, 0, len(best))
	for _, e := range best {
		es = append(es, e)
	}
	sort.Slice(es, func(i, j int) bool {
		if es[i].key != es[j].key {
			return es[i].key < es[j].key
		}
		return es[i].a.Mode < es[j].a.Mode
	})
	if len(es) > 32 {
		es = es[:32]
	}
	out := make([]Acquire, len(es))
	for i, e := range es {
		out[i] = e.a
	}
	return out
}

// summaryFact is the fact form of a Summary, attached to the *types.Func.
// A fact decoded from a dependency holds its encoded form (raw) until it
// is read (see factcodec.go).
type summaryFact struct {
	S   Summary
	raw []byte
}

// forExport returns the summary as other packages see it: call chains
// inside the package cut to their first and last calls (a caller names the
// call it makes, the function that locks and the site of the lock), and
// one Invoke per interface method and receiver parameter. The facts
// of a package's methods are re-exported by every importer, so their size
// is paid many times over (docs/performance.md).
func (s *Summary) forExport() Summary {
	out := *s
	out.Acquires = noVia(s.Acquires)
	out.HeldOnReturn = noVia(s.HeldOnReturn)
	if len(s.Callbacks) > 0 {
		out.Callbacks = make([]Callback, len(s.Callbacks))
		for i, c := range s.Callbacks {
			c.Via = shortVia(c.Via)
			out.Callbacks[i] = c
		}
	}
	if len(s.Invokes) > 0 {
		out.Invokes = nil
		type key struct {
			iface, method string
			param         int
		}
		seen := make(map[key]bool, len(s.Invokes))
		for _, iv := range s.Invokes {
			k := key{iv.Iface, iv.Method, iv.Param}
			if seen[k] {
				continue
			}
			seen[k] = true
			iv.Via = shortVia(iv.Via)
			out.Invokes = append(out.Invokes, iv)
		}
	}
	return out
}

func noVia(as []Acquire) []Acquire {
	if len(as) == 0 {
		return as
	}
	out := make([]Acquire, len(as))
	for i, a := range as {
		a.Via = shortVia(a.Via)
		out[i] = a
	}
	return out
}

// shortVia cuts a call chain to its first and last calls.
func shortVia(via []string) []string {
	if len(via) <= 2 {
		return via
	}
	return []string{via[0], "…", via[len(via)-1]}
}

func (*summaryFact) AFact() {}

func (f *summaryFact) String() string {
	s, err := f.summary()
	if err != nil {
		return "lock:" + err.Error()
	}
	return "lock:" + s.String()
}
