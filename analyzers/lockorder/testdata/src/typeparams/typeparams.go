package typeparams // want package:`lockorder:.*`

import "sync"

type Cache[K comparable, V any] struct {
	mu    sync.Mutex
	m     map[K]V
	owner *Owner
}

type Owner struct {
	mu   sync.Mutex
	hits int
}

func (c *Cache[K, V]) Get(k K) V {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.owner.mu.Lock()
	c.owner.hits++
	c.owner.mu.Unlock()
	return c.m[k]
}

func Reset[K comparable, V any](o *Owner, c *Cache[K, V]) {
	o.mu.Lock()
	defer o.mu.Unlock()
	c.mu.Lock() // want `lock-order inversion: Cache.mu acquired here while holding Owner.mu, but \(\*Cache\[K, V\]\).Get acquires Owner.mu while holding Cache.mu`
	clear(c.m)
	c.mu.Unlock()
}

// ResetFixed follows Get's order.
func ResetFixed[K comparable, V any](o *Owner, c *Cache[K, V]) {
	c.mu.Lock()
	defer c.mu.Unlock()
	o.mu.Lock()
	o.hits = 0
	o.mu.Unlock()
	clear(c.m)
}
