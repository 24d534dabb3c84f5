// Package genwalk: a callback run under a lock through a generic,
// recursive helper (the shape of an ordered map or radix tree whose Walk
// visits nodes through walk[V]); the callback takes the lock again.
package genwalk

import "sync"

type node[V any] struct {
	key         string
	val         V
	left, right *node[V]
}

// walk visits n in order and stops when fn returns false.
func walk[V any](n *node[V], fn func(string, V) bool) bool {
	if n == nil {
		return true
	}
	if !walk(n.left, fn) {
		return false
	}
	if !fn(n.key, n.val) {
		return false
	}
	return walk(n.right, fn)
}

type Tree struct {
	mu   sync.RWMutex
	root *node[int]
	size int
}

// Len takes t.mu for writing (it also refreshes a counter).
func (t *Tree) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.size
}

// Walk visits every entry; the caller decides about locking.
func (t *Tree) Walk(fn func(string, int) bool) {
	walk(t.root, fn)
}

// Bad: Snapshot holds t.mu; the closure it hands to Walk calls t.Len,
// which locks t.mu again.
func (t *Tree) Snapshot() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	t.Walk(func(k string, v int) bool { // want `the callback passed to \(\*Tree\).Walk acquires t.mu, which is already held here`
		out = append(out, k)
		return len(out) < t.Len()
	})
	return out
}

// Safe twin: the size is read before taking the lock.
func (t *Tree) SnapshotSafe() []string {
	n := t.Len()
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	t.Walk(func(k string, v int) bool {
		out = append(out, k)
		return len(out) < n
	})
	return out
}

// visit is a method used as the callback.
func (t *Tree) visit(k string, v int) bool {
	return v < t.Len()
}

// Bad: a method value of the same type as the callback, passed straight
// to the generic helper.
func (t *Tree) Check() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return walk(t.root, t.visit) // want `the callback passed to walk acquires t.mu, which is already held here`
}

// visitSize reads the size field it already holds the lock for.
func (t *Tree) visitSize(k string, v int) bool {
	return v < t.size
}

// Safe twin: the method value does not lock.
func (t *Tree) CheckSafe() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return walk(t.root, t.visitSize)
}

// Safe: the callback locks another tree (a different instance).
func (t *Tree) Compare(o *Tree) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	ok := true
	t.Walk(func(k string, v int) bool {
		ok = v < o.Len()
		return ok
	})
	return ok
}
