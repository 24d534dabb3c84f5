package cacherefresh

import (
	"context"
	"sync"
	"time"
)

type RangeCacheFixed struct {
	source DescriptorSource
	logger Logger
	ttl    time.Duration
	now    func() time.Time

	mu      sync.RWMutex
	entries map[RangeID]*cacheEntry
}

func NewRangeCacheFixed(src DescriptorSource, l Logger, ttl time.Duration) *RangeCacheFixed {
	return &RangeCacheFixed{source: src, logger: l, ttl: ttl, now: time.Now, entries: make(map[RangeID]*cacheEntry)}
}

func (c *RangeCacheFixed) Lookup(id RangeID) (RangeDescriptor, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.entries[id]
	if !ok {
		return RangeDescriptor{}, false
	}
	return e.desc, true
}

func (c *RangeCacheFixed) isStale(id RangeID) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.entries[id]
	return !ok || c.now().Sub(e.fetchedAt) > c.ttl
}

func (c *RangeCacheFixed) staleKeys() []RangeID {
	c.mu.RLock()
	defer c.mu.RUnlock()
	now := c.now()
	var ids []RangeID
	for id, e := range c.entries {
		if now.Sub(e.fetchedAt) > c.ttl {
			ids = append(ids, id)
		}
	}
	return ids
}

func (c *RangeCacheFixed) Refresh(ctx context.Context) {
	ids := c.staleKeys()
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
	wg.Wait()

	c.mu.Lock()
	defer c.mu.Unlock()
	for i, id := range ids {
		f := fresh[i]
		if f == nil {
			continue
		}
		if e, ok := c.entries[id]; ok && e.desc.Generation > f.desc.Generation {
			continue
		}
		c.entries[id] = f
	}
}

func (c *RangeCacheFixed) Insert(desc RangeDescriptor) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[desc.RangeID]; ok && e.desc.Generation > desc.Generation {
		return
	}
	c.entries[desc.RangeID] = &cacheEntry{desc: desc, fetchedAt: c.now()}
}

func (c *RangeCacheFixed) RunRefresher(ctx context.Context, every time.Duration) {
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
