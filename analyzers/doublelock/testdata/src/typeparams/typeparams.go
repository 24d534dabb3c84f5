package typeparams

import "sync"

type Map[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
}

func (m *Map[K, V]) Get(k K) (V, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	v, ok := m.m[k]
	return v, ok
}

func (m *Map[K, V]) GetOrSet(k K, v V) V {
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.Get(k); ok { // want `call acquires m.mu, which is already held here \(write\)`
		return old
	}
	m.m[k] = v
	return v
}

func (m *Map[K, V]) GetOrSetSafe(k K, v V) V {
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.m[k]; ok {
		return old
	}
	m.m[k] = v
	return v
}

func WithLock[L sync.Locker](l L, f func()) {
	l.Lock()
	defer l.Unlock()
	f()
}

func Nested[L sync.Locker](l L) {
	l.Lock()
	defer l.Unlock()
	WithLock(l, func() {}) // want `call acquires l`
}

func NestedSafe[L sync.Locker](l L) {
	WithLock(l, func() {})
	WithLock(l, func() {})
}
