package genwalk

import "sync"

// Map is a generic ordered map (the shape of an LRU or radix tree in a
// cache library): its methods are generic too, and Walk reaches the
// callback through the generic recursive walk.
type Map[V any] struct {
	mu   sync.Mutex
	root *node[V]
	n    int
}

func (m *Map[V]) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.n
}

func (m *Map[V]) Walk(fn func(string, V) bool) {
	walk(m.root, fn)
}

// Bad: Keys holds m.mu while the callback calls m.Len.
func (m *Map[V]) Keys() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	m.Walk(func(k string, v V) bool { // want `the callback passed to .*Walk acquires m.mu, which is already held here`
		out = append(out, k)
		return len(out) < m.Len()
	})
	return out
}

// Safe twin: the callback reads the count it holds the lock for.
func (m *Map[V]) KeysSafe() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	m.Walk(func(k string, v V) bool {
		out = append(out, k)
		return len(out) < m.n
	})
	return out
}

func (m *Map[V]) visit(k string, v V) bool { return m.Len() > 0 }

// Bad: a method value of the generic type, through the generic helper.
func (m *Map[V]) Check() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return walk(m.root, m.visit) // want `the callback passed to walk.* acquires m.mu, which is already held here`
}

// Bad: an instantiated map used from non-generic code.
type Index struct {
	mu    sync.Mutex
	byKey *Map[int]
	total int
}

func (x *Index) Sum() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	s := 0
	x.byKey.Walk(func(k string, v int) bool { // want `the callback passed to .*Walk acquires x.mu, which is already held here`
		s += v
		x.bump()
		return true
	})
	return s
}

func (x *Index) bump() {
	x.mu.Lock()
	x.total++
	x.mu.Unlock()
}

// Safe twin: the callback only adds.
func (x *Index) SumSafe() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	s := 0
	x.byKey.Walk(func(k string, v int) bool {
		s += v
		return true
	})
	return s
}
