package cachejanitor

import (
	"sync"
	"testing"
	"time"
)

type LeaseCacheFixed struct {
	ttl      time.Duration
	now      func() time.Time
	listener EvictionListener
	onSweep  func(evicted int)
	stopCh   chan struct{}
	doneCh   chan struct{}

	mu      sync.Mutex
	entries map[string]CachedLease
}

type LeaseCacheOptions struct {
	TTL      time.Duration
	Now      func() time.Time
	Ticks    <-chan time.Time
	Listener EvictionListener
	OnSweep  func(evicted int)
}

func NewLeaseCacheFixed(opts LeaseCacheOptions) *LeaseCacheFixed {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	c := &LeaseCacheFixed{
		ttl:      opts.TTL,
		now:      now,
		listener: opts.Listener,
		onSweep:  opts.OnSweep,
		stopCh:   make(chan struct{}),
		doneCh:   make(chan struct{}),
		entries:  make(map[string]CachedLease),
	}
	ticks := opts.Ticks
	var ticker *time.Ticker
	if ticks == nil {
		ticker = time.NewTicker(opts.TTL / 2)
		ticks = ticker.C
	}
	go c.janitor(ticks, ticker)
	return c
}

func (c *LeaseCacheFixed) Set(key string, l CachedLease) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l.expiresAt = c.now().Add(c.ttl)
	c.entries[key] = l
}

func (c *LeaseCacheFixed) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

func (c *LeaseCacheFixed) janitor(ticks <-chan time.Time, ticker *time.Ticker) {
	defer close(c.doneCh)
	if ticker != nil {
		defer ticker.Stop()
	}
	for {
		select {
		case <-c.stopCh:
			return
		case <-ticks:
			c.sweep()
		}
	}
}

func (c *LeaseCacheFixed) sweep() {
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
	if c.listener != nil {
		for k, l := range evicted {
			c.listener.Evicted(k, l)
		}
	}
	if c.onSweep != nil {
		c.onSweep(len(evicted))
	}
}

func (c *LeaseCacheFixed) Close() {
	close(c.stopCh)
	<-c.doneCh
}

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

func TestLeaseCacheFixedExpiresEntries(t *testing.T) {
	clock := &fakeClock{now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	ticks := make(chan time.Time)
	swept := make(chan int, 1)
	c := NewLeaseCacheFixed(LeaseCacheOptions{
		TTL:     50 * time.Millisecond,
		Now:     clock.Now,
		Ticks:   ticks,
		OnSweep: func(n int) { swept <- n },
	})
	defer c.Close()

	c.Set("auth/token/lookup-self", CachedLease{LeaseID: "lease-1", Token: "s.abc", Renewable: true})
	if got := c.Len(); got != 1 {
		t.Fatalf("Len() = %d after Set, want 1", got)
	}

	clock.Advance(51 * time.Millisecond)
	ticks <- clock.Now()
	if n := <-swept; n != 1 {
		t.Fatalf("sweep evicted %d entries, want 1", n)
	}

	if got := c.Len(); got != 0 {
		t.Fatalf("Len() = %d after TTL elapsed, want 0", got)
	}
}
