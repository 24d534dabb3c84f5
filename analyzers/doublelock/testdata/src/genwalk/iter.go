package genwalk

import (
	"iter"
	"sync"
)

// walkNode is the recursive walk as a method of the generic node.
func (n *node[V]) each(fn func(string, V)) {
	if n == nil {
		return
	}
	n.left.each(fn)
	fn(n.key, n.val)
	n.right.each(fn)
}

// Set is a generic set whose iteration goes through node methods and
// range-over-func iterators.
type Set[V any] struct {
	mu   sync.Mutex
	root *node[V]
	size int
}

func (s *Set[V]) Size() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.size
}

// Bad: the callback reaches s.Size through the recursive node method.
func (s *Set[V]) Keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0)
	s.root.each(func(k string, v V) { // want `the callback passed to .*each acquires s.mu, which is already held here`
		if len(out) < s.Size() {
			out = append(out, k)
		}
	})
	return out
}

// Safe twin.
func (s *Set[V]) KeysSafe() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, s.size)
	s.root.each(func(k string, v V) {
		out = append(out, k)
	})
	return out
}

// All iterates without locking; the caller decides.
func (s *Set[V]) All() iter.Seq2[string, V] {
	return func(yield func(string, V) bool) {
		walk(s.root, yield)
	}
}

// Bad: a range-over-func loop body under s.mu calls s.Size. Known miss:
// the body is a closure handed to the iterator function that s.All
// returns (a func value made by another function), which the engine
// does not follow: the iterator's closure captures s in a cell of All's
// frame, which a summary applied in Count's frame cannot name.
func (s *Set[V]) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for range s.All() {
		if n < s.Size() {
			n++
		}
	}
	return n
}

// Safe twin.
func (s *Set[V]) CountSafe() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for range s.All() {
		n++
	}
	return n
}
