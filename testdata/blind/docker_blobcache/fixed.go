package dockerblobcache

import (
	"context"
	"sync"
	"time"
)

// DescriptorCacheFixed is an LRU cache in front of a BlobStatter. Get
// updates the LRU bookkeeping, so it takes the write lock.
type DescriptorCacheFixed struct {
	mu         sync.Mutex
	entries    map[Digest]Descriptor
	lastAccess map[Digest]time.Time
	hits       uint64
	misses     uint64
	evictions  uint64
	capacity   int

	backend BlobStatter
	now     func() time.Time
}

// NewDescriptorCacheFixed returns a cache holding up to capacity descriptors.
func NewDescriptorCacheFixed(backend BlobStatter, capacity int) *DescriptorCacheFixed {
	return &DescriptorCacheFixed{
		entries:    make(map[Digest]Descriptor),
		lastAccess: make(map[Digest]time.Time),
		capacity:   capacity,
		backend:    backend,
		now:        time.Now,
	}
}

// Get returns the cached descriptor for dgst.
func (c *DescriptorCacheFixed) Get(dgst Digest) (Descriptor, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.entries[dgst]
	if !ok {
		c.misses++
		return Descriptor{}, false
	}
	c.hits++
	c.lastAccess[dgst] = c.now()
	return d, true
}

// Add stores d, evicting the least recently used entry when full.
func (c *DescriptorCacheFixed) Add(d Descriptor) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[d.Digest]; !ok && len(c.entries) >= c.capacity {
		c.evictOldestLocked()
	}
	c.entries[d.Digest] = d
	c.lastAccess[d.Digest] = c.now()
}

func (c *DescriptorCacheFixed) evictOldestLocked() {
	var oldest Digest
	var oldestAt time.Time
	for dg, at := range c.lastAccess {
		if oldest == "" || at.Before(oldestAt) {
			oldest, oldestAt = dg, at
		}
	}
	if oldest != "" {
		delete(c.entries, oldest)
		delete(c.lastAccess, oldest)
		c.evictions++
	}
}

// Stat implements BlobStatter with read-through caching.
func (c *DescriptorCacheFixed) Stat(ctx context.Context, dgst Digest) (Descriptor, error) {
	if d, ok := c.Get(dgst); ok {
		return d, nil
	}
	d, err := c.backend.Stat(ctx, dgst)
	if err != nil {
		return Descriptor{}, err
	}
	c.Add(d)
	return d, nil
}

// Stats returns the cache counters.
func (c *DescriptorCacheFixed) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Hits: c.hits, Misses: c.misses, Evictions: c.evictions, Size: len(c.entries)}
}
