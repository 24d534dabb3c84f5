// Package cacherefresh models a range-descriptor cache whose periodic refresh
// takes the cache's write lock, fans out one loader goroutine per stale key
// and waits for them on a WaitGroup before releasing the lock. Each loader
// first takes the read lock to re-check whether its entry is still stale, so
// the loaders block on the write lock the refresher holds while the
// refresher blocks in Wait.
package cacherefresh

import (
	"context"
	"sync"
	"time"
)

type RangeID int64

type RangeDescriptor struct {
	RangeID    RangeID
	StartKey   []byte
	EndKey     []byte
	Generation int64
	Replicas   []int32
}

type DescriptorSource interface {
	LookupRange(ctx context.Context, id RangeID) (RangeDescriptor, error)
}

type Logger interface {
	Warningf(ctx context.Context, format string, args ...any)
}

type cacheEntry struct {
	desc      RangeDescriptor
	fetchedAt time.Time
}

type RangeCache struct {
	source DescriptorSource
	logger Logger
	ttl    time.Duration
	now    func() time.Time

	mu      sync.RWMutex
	entries map[RangeID]*cacheEntry
}

func NewRangeCache(src DescriptorSource, l Logger, ttl time.Duration) *RangeCache {
	return &RangeCache{source: src, logger: l, ttl: ttl, now: time.Now, entries: make(map[RangeID]*cacheEntry)}
}

func (c *RangeCache) Lookup(id RangeID) (RangeDescriptor, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.entries[id]
	if !ok {
		return RangeDescriptor{}, false
	}
	return e.desc, true
}

func (c *RangeCache) isStale(id RangeID) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.entries[id]
	return !ok || c.now().Sub(e.fetchedAt) > c.ttl
}

func (c *RangeCache) staleKeysLocked() []RangeID {
	now := c.now()
	var ids []RangeID
	for id, e := range c.entries {
		if now.Sub(e.fetchedAt) > c.ttl {
			ids = append(ids, id)
		}
	}
	return ids
}

func (c *RangeCache) Refresh(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()

	ids := c.staleKeysLocked()
	fresh := make([]*cacheEntry, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !c.isStale(id) {
				return
			}
			desc, err := c.source.LookupRange(ctx, id)
			if err != nil {
				c.logger.Warningf(ctx, "range cache: refreshing r%d: %v", id, err)
				return
			}
			fresh[i] = &cacheEntry{desc: desc, fetchedAt: c.now()}
		}()
	}
	wg.Wait() // WANT(chanlock)

	for i, id := range ids {
		if fresh[i] != nil {
			c.entries[id] = fresh[i]
		}
	}
}

func (c *RangeCache) Insert(desc RangeDescriptor) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[desc.RangeID]; ok && e.desc.Generation > desc.Generation {
		return
	}
	c.entries[desc.RangeID] = &cacheEntry{desc: desc, fetchedAt: c.now()}
}

func (c *RangeCache) RunRefresher(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c.Refresh(ctx)
		}
	}
}
