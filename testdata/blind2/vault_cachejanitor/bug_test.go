// Package cachejanitor models a token lease cache that expires entries
// asynchronously from a janitor goroutine started by NewLeaseCache. The test
// checks expiry by sleeping for longer than the TTL and then asserting the
// entry is gone, relying on the janitor having run within that wall-clock
// window instead of synchronising with it.
package cachejanitor

import (
	"sync"
	"testing"
	"time"
)

type CachedLease struct {
	LeaseID   string
	Token     string
	Renewable bool
	expiresAt time.Time
}

type EvictionListener interface {
	Evicted(key string, lease CachedLease)
}

type LeaseCache struct {
	ttl      time.Duration
	now      func() time.Time
	listener EvictionListener
	stopCh   chan struct{}
	doneCh   chan struct{}

	mu      sync.Mutex
	entries map[string]CachedLease
}

func NewLeaseCache(ttl, sweepEvery time.Duration, l EvictionListener) *LeaseCache {
	c := &LeaseCache{
		ttl:      ttl,
		now:      time.Now,
		listener: l,
		stopCh:   make(chan struct{}),
		doneCh:   make(chan struct{}),
		entries:  make(map[string]CachedLease),
	}
	go c.janitor(sweepEvery)
	return c
}

func (c *LeaseCache) Set(key string, l CachedLease) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l.expiresAt = c.now().Add(c.ttl)
	c.entries[key] = l
}

func (c *LeaseCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

func (c *LeaseCache) janitor(every time.Duration) {
	defer close(c.doneCh)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-c.stopCh:
			return
		case <-t.C:
			c.sweep()
		}
	}
}

func (c *LeaseCache) sweep() {
	now := c.now()
	evicted := make(map[string]CachedLease)
	c.mu.Lock()
	for k, l := range c.entries {
		if !now.Before(l.expiresAt) {
			evicted[k] = l
			delete(c.entries, k)
		}
	}
	c.mu.Unlock()
	if c.listener == nil {
		return
	}
	for k, l := range evicted {
		c.listener.Evicted(k, l)
	}
}

func (c *LeaseCache) Close() {
	close(c.stopCh)
	<-c.doneCh
}

func TestLeaseCacheExpiresEntries(t *testing.T) {
	c := NewLeaseCache(50*time.Millisecond, 10*time.Millisecond, nil)
	defer c.Close()

	c.Set("auth/token/lookup-self", CachedLease{LeaseID: "lease-1", Token: "s.abc", Renewable: true})
	if got := c.Len(); got != 1 {
		t.Fatalf("Len() = %d after Set, want 1", got)
	}

	time.Sleep(100 * time.Millisecond) // WANT(sleepsync)

	if got := c.Len(); got != 0 {
		t.Fatalf("Len() = %d after TTL elapsed, want 0", got)
	}
}
