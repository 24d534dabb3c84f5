// Package typeparams has guarded fields of generic types.
package typeparams

import "sync"

// An LRU-ish cache, generic in key and value.
type Cache[K comparable, V any] struct {
	mu    sync.Mutex
	items map[K]V // guarded by mu
	order []K
	hits  int
}

func (c *Cache[K, V]) Get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.items[k]
	if ok {
		c.hits++
	}
	return v, ok
}

func (c *Cache[K, V]) Put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
	c.order = append(c.order, k)
	c.hits = 0
}

func (c *Cache[K, V]) Evict() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.order) == 0 {
		return
	}
	delete(c.items, c.order[0])
	c.order = c.order[1:]
	c.hits = 0
}

func (c *Cache[K, V]) Hits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits
}

func (c *Cache[K, V]) Len() int {
	return len(c.items) // want `c.items is read without c.mu: its declaration says it is guarded by mu`
}

func (c *Cache[K, V]) HitsRacy() int {
	return c.hits // want `c.hits is read without c.mu: accessed with c.mu held in 4 of 5 places`
}

func (c *Cache[K, V]) LenSafe() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

// Instantiations do not count the same access twice.
func use() {
	c := &Cache[string, int]{items: map[string]int{}}
	c.Put("a", 1)
	d := &Cache[int, string]{items: map[int]string{}}
	d.Put(1, "a")
	_, _ = c.Len(), d.HitsRacy()
}
