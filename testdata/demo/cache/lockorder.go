package cache

import "sync"

// Stats counts hits per key for a cache.
type Stats struct {
	mu    sync.Mutex
	hits  map[string]int
	cache *Cache
}

// has reports whether key is cached.
func (c *Cache) has(key string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	_, ok := c.entries[key]
	return ok
}

// Snapshot copies the hit counts of the keys still cached: it holds s.mu
// while has takes the cache's lock.
func (s *Stats) Snapshot() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int)
	for k, n := range s.hits {
		if s.cache.has(k) {
			out[k] = n
		}
	}
	return out
}

// Evict drops key and its hit count. It takes the locks in the opposite
// order to Snapshot: a goroutine in Snapshot and one in Evict can each
// hold one lock and wait forever for the other.
func (c *Cache) Evict(key string, s *Stats) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, key)
	s.mu.Lock() // WRONG(lockorder): Snapshot holds s.mu while it takes c.mu; here c.mu is held while s.mu is taken
	delete(s.hits, key)
	s.mu.Unlock()
}

// EvictSafe is Evict done right.
// RIGHT: the cache's lock is released before the stats lock is taken, so
// the two are never held in the opposite order.
func (c *Cache) EvictSafe(key string, s *Stats) {
	c.mu.Lock()
	delete(c.entries, key)
	c.mu.Unlock()
	s.mu.Lock()
	delete(s.hits, key)
	s.mu.Unlock()
}
