// Package kubernetesttlcache models an expiring cache with an injected clock.
// Get holds the cache mutex, consults the clock and, on finding an expired
// entry, calls the eviction helper that the background janitor also uses;
// that helper locks the same mutex again, so the first expired lookup
// deadlocks.
package kubernetesttlcache

import (
	"context"
	"sync"
	"time"
)

// Metrics counts cache outcomes.
type Metrics interface {
	Hit()
	Miss()
	Evicted(n int)
}

type entry[V any] struct {
	value   V
	expires time.Time
}

// Expiring is a map whose entries disappear after a TTL.
type Expiring[K comparable, V any] struct {
	mu      sync.Mutex
	items   map[K]entry[V]
	ttl     time.Duration
	now     func() time.Time
	metrics Metrics
}

// NewExpiring returns a cache with the given TTL and clock.
func NewExpiring[K comparable, V any](ttl time.Duration, now func() time.Time, m Metrics) *Expiring[K, V] {
	if now == nil {
		now = time.Now
	}
	return &Expiring[K, V]{items: make(map[K]entry[V]), ttl: ttl, now: now, metrics: m}
}

// Set stores v under k for the cache TTL.
func (c *Expiring[K, V]) Set(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = entry[V]{value: v, expires: c.now().Add(c.ttl)}
}

// Get returns the value for k if it has not expired.
func (c *Expiring[K, V]) Get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok {
		c.metrics.Miss()
		var zero V
		return zero, false
	}
	if !c.now().Before(e.expires) {
		c.metrics.Miss()
		c.evictExpired() // WANT(doublelock)
		var zero V
		return zero, false
	}
	c.metrics.Hit()
	return e.value, true
}

// Delete removes k.
func (c *Expiring[K, V]) Delete(k K) {
	c.mu.Lock()
	delete(c.items, k)
	c.mu.Unlock()
}

func (c *Expiring[K, V]) evictExpired() int {
	c.mu.Lock() // WANT(doublelock)
	defer c.mu.Unlock()
	now := c.now()
	n := 0
	for k, e := range c.items {
		if !now.Before(e.expires) {
			delete(c.items, k)
			n++
		}
	}
	if n > 0 {
		c.metrics.Evicted(n)
	}
	return n
}

// Run evicts expired entries every interval until ctx is done.
func (c *Expiring[K, V]) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c.evictExpired()
		}
	}
}

// TokenCache caches bearer tokens per service account.
type TokenCache struct {
	cache *Expiring[string, string]
}

// NewTokenCache starts the janitor and returns the cache.
func NewTokenCache(ctx context.Context, ttl time.Duration, m Metrics) *TokenCache {
	tc := &TokenCache{cache: NewExpiring[string, string](ttl, time.Now, m)}
	go tc.cache.Run(ctx, ttl/2)
	return tc
}

// Token returns a cached token for the service account.
func (tc *TokenCache) Token(namespace, name string) (string, bool) {
	return tc.cache.Get(namespace + "/" + name)
}
