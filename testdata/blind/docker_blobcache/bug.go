// Package dockerblobcache models a registry blob-descriptor cache guarded by
// an RWMutex. Get takes only the read lock but increments the hit and miss
// counters and records the access time in the LRU map, so concurrent Gets
// write the same fields and map under a shared lock.
package dockerblobcache

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Digest identifies content.
type Digest string

// Descriptor describes a blob.
type Descriptor struct {
	Digest    Digest
	MediaType string
	Size      int64
}

// ErrBlobUnknown is returned for missing blobs.
var ErrBlobUnknown = errors.New("blob unknown to registry")

// BlobStatter fetches descriptors from the backend.
type BlobStatter interface {
	Stat(ctx context.Context, dgst Digest) (Descriptor, error)
}

// CacheStats are exported on the debug endpoint.
type CacheStats struct {
	Hits, Misses, Evictions uint64
	Size                    int
}

// DescriptorCache is an LRU cache in front of a BlobStatter.
type DescriptorCache struct {
	mu         sync.RWMutex
	entries    map[Digest]Descriptor
	lastAccess map[Digest]time.Time
	hits       uint64
	misses     uint64
	evictions  uint64
	capacity   int

	backend BlobStatter
	now     func() time.Time
}

// NewDescriptorCache returns a cache holding up to capacity descriptors.
func NewDescriptorCache(backend BlobStatter, capacity int) *DescriptorCache {
	return &DescriptorCache{
		entries:    make(map[Digest]Descriptor),
		lastAccess: make(map[Digest]time.Time),
		capacity:   capacity,
		backend:    backend,
		now:        time.Now,
	}
}

// Get returns the cached descriptor for dgst.
func (c *DescriptorCache) Get(dgst Digest) (Descriptor, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	d, ok := c.entries[dgst]
	if !ok {
		c.misses++ // WANT(guardedby)
		return Descriptor{}, false
	}
	c.hits++                     // WANT(guardedby)
	c.lastAccess[dgst] = c.now() // WANT(guardedby)
	return d, true
}

// Add stores d, evicting the least recently used entry when full.
func (c *DescriptorCache) Add(d Descriptor) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[d.Digest]; !ok && len(c.entries) >= c.capacity {
		c.evictOldestLocked()
	}
	c.entries[d.Digest] = d
	c.lastAccess[d.Digest] = c.now()
}

func (c *DescriptorCache) evictOldestLocked() {
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
func (c *DescriptorCache) Stat(ctx context.Context, dgst Digest) (Descriptor, error) {
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
func (c *DescriptorCache) Stats() CacheStats {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return CacheStats{Hits: c.hits, Misses: c.misses, Evictions: c.evictions, Size: len(c.entries)}
}
