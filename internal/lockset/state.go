package lockset

import (
	"fmt"
	"go/token"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Held describes how a lock is held on a path.
type Held struct {
	Mode Mode
	N    int             // read holds beyond the first (RLock twice, then RUnlock twice), capped
	Pos  token.Pos       // where it was acquired (the Lock call, or the call of a lock helper)
	Via  []string        // for acquisitions inside callees: the call chain
	Site ssa.Instruction // the acquiring instruction
}

// disj is one disjunct of a state: the lock state along a set of paths that
// agree on it, plus the branch facts all of them share. It is immutable once
// built (copy-on-write: every transfer that changes it makes a copy).
//
// Inv: every map is non-nil only when non-empty is not required; readers
// treat a nil map as empty.
type disj struct {
	held     map[Key]Held       // locks held on these paths
	released map[Key]token.Pos  // locks released on these paths and not re-acquired
	defers   []*ssa.Defer       // pending defers, in push order, each at most once
	deferTop bool               // the defer stack is not known exactly
	facts    map[ssa.Value]bool // branch conditions known on these paths (principle 7)
	sig      string             // canonical signature of held/released/defers (cache)
}

func (d *disj) clone() *disj {
	n := &disj{deferTop: d.deferTop}
	if len(d.held) > 0 {
		n.held = make(map[Key]Held, len(d.held))
		for k, v := range d.held {
			n.held[k] = v
		}
	}
	if len(d.released) > 0 {
		n.released = make(map[Key]token.Pos, len(d.released))
		for k, v := range d.released {
			n.released[k] = v
		}
	}
	if len(d.defers) > 0 {
		n.defers = append([]*ssa.Defer(nil), d.defers...)
	}
	if len(d.facts) > 0 {
		n.facts = make(map[ssa.Value]bool, len(d.facts))
		for k, v := range d.facts {
			n.facts[k] = v
		}
	}
	return n
}

// keyID is a deterministic rendering of a key for signatures.
func keyID(k Key) string {
	v := ""
	if k.Val != nil {
		v = fmt.Sprintf("%p", k.Val)
	}
	return fmt.Sprintf("%d/%d/%s/%s/%s", k.Base, k.Index, k.Name, v, k.Path)
}

func (d *disj) signature() string {
	if d.sig != "" {
		return d.sig
	}
	var parts []string
	for k, h := range d.held {
		parts = append(parts, fmt.Sprintf("H%s=%s%d", keyID(k), h.Mode, h.N))
	}
	for k := range d.released {
		parts = append(parts, "R"+keyID(k))
	}
	sort.Strings(parts)
	for _, df := range d.defers {
		parts = append(parts, fmt.Sprintf("D%p", df))
	}
	if d.deferTop {
		parts = append(parts, "T")
	}
	d.sig = "|" + strings.Join(parts, ";")
	return d.sig
}

// state is a set of disjuncts (ESP-style property simulation): disjuncts
// with the same lock state are merged, their branch facts intersected; when
// there are more than maxDisjuncts, all are collapsed into one must-state.
// A nil state means "unreachable".
type state []*disj

const maxDisjuncts = 8

func emptyState() state { return state{&disj{}} }

// mustHeld returns how k is held on every path, or false.
func (s state) mustHeld(k Key) (Held, bool) {
	if len(s) == 0 {
		return Held{}, false
	}
	var first Held
	for i, d := range s {
		h, ok := d.held[k]
		if !ok || h.Mode == Maybe {
			return Held{}, false
		}
		if i == 0 {
			first = h
		} else if h.Mode != first.Mode {
			first.Mode = Mixed
		}
	}
	return first, true
}

// mayHeld reports whether k is held on some path.
func (s state) mayHeld(k Key) bool {
	for _, d := range s {
		if _, ok := d.held[k]; ok {
			return true
		}
	}
	return false
}

// mustReleased returns where k was released, if it is released and not
// held on every path.
func (s state) mustReleased(k Key) (token.Pos, bool) {
	if len(s) == 0 {
		return token.NoPos, false
	}
	var pos token.Pos
	for _, d := range s {
		p, ok := d.released[k]
		if !ok {
			return token.NoPos, false
		}
		if _, h := d.held[k]; h {
			return token.NoPos, false
		}
		pos = p
	}
	return pos, true
}

// join returns the join of a and b. Disjuncts with equal lock state are
// merged (facts intersected); the result is collapsed when too large.
func join(a, b state) state {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := append(state(nil), a...)
	for _, d := range b {
		merged := false
		for i, e := range out {
			if e.signature() == d.signature() {
				if !factsSubset(e.facts, d.facts) {
					n := e.clone()
					n.facts = intersectFacts(e.facts, d.facts)
					n.sig = e.sig
					out[i] = n
				}
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, d)
		}
	}
	if len(out) > maxDisjuncts {
		out = collapse(out)
	}
	return out
}

// factsSubset reports whether intersecting a with b leaves a unchanged.
func factsSubset(a, b map[ssa.Value]bool) bool {
	for v, x := range a {
		if y, ok := b[v]; !ok || y != x {
			return false
		}
	}
	return true
}

func intersectFacts(a, b map[ssa.Value]bool) map[ssa.Value]bool {
	var out map[ssa.Value]bool
	for v, x := range a {
		if y, ok := b[v]; ok && y == x {
			if out == nil {
				out = map[ssa.Value]bool{}
			}
			out[v] = x
		}
	}
	return out
}

// collapse merges all disjuncts into one must-state: a lock is held if held
// on every path; the defer stack is kept only if identical everywhere.
func collapse(s state) state {
	n := s[0].clone()
	n.sig = ""
	for _, d := range s[1:] {
		for k, h := range n.held {
			h2, ok := d.held[k]
			if !ok {
				delete(n.held, k)
				continue
			}
			if h2.Mode != h.Mode {
				if h.Mode == Maybe || h2.Mode == Maybe {
					h.Mode = Maybe
				} else {
					h.Mode = Mixed
				}
				n.held[k] = h
			}
		}
		for k := range n.released {
			if _, ok := d.released[k]; !ok {
				delete(n.released, k)
			}
		}
		if !sameDefers(n.defers, d.defers) || d.deferTop {
			n.deferTop = true
		}
		n.facts = intersectFacts(n.facts, d.facts)
	}
	return state{n}
}

func sameDefers(a, b []*ssa.Defer) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// equal reports whether two states are the same (for fixpoint detection).
func equal(a, b state) bool {
	if len(a) != len(b) {
		return false
	}
	for _, d := range a {
		found := false
		for _, e := range b {
			if d.signature() == e.signature() && len(d.facts) == len(e.facts) && factsSubset(d.facts, e.facts) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
