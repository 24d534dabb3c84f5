package kubernetesttlcache

import (
	"context"
	"sync"
	"time"
)

// ExpiringFixed is a map whose entries disappear after a TTL.
type ExpiringFixed[K comparable, V any] struct {
	mu      sync.Mutex
	items   map[K]entry[V]
	ttl     time.Duration
	now     func() time.Time
	metrics Metrics
}

// NewExpiringFixed returns a cache with the given TTL and clock.
func NewExpiringFixed[K comparable, V any](ttl time.Duration, now func() time.Time, m Metrics) *ExpiringFixed[K, V] {
	if now == nil {
		now = time.Now
	}
	return &ExpiringFixed[K, V]{items: make(map[K]entry[V]), ttl: ttl, now: now, metrics: m}
}

// Set stores v under k for the cache TTL.
func (c *ExpiringFixed[K, V]) Set(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = entry[V]{value: v, expires: c.now().Add(c.ttl)}
}

// Get returns the value for k if it has not expired.
func (c *ExpiringFixed[K, V]) Get(k K) (V, bool) {
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
		c.evictExpiredLocked()
		var zero V
		return zero, false
	}
	c.metrics.Hit()
	return e.value, true
}

// Delete removes k.
func (c *ExpiringFixed[K, V]) Delete(k K) {
	c.mu.Lock()
	delete(c.items, k)
	c.mu.Unlock()
}

// evictExpiredLocked removes expired entries. c.mu must be held.
func (c *ExpiringFixed[K, V]) evictExpiredLocked() int {
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
func (c *ExpiringFixed[K, V]) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c.mu.Lock()
			c.evictExpiredLocked()
			c.mu.Unlock()
		}
	}
}

// TokenCacheFixed caches bearer tokens per service account.
type TokenCacheFixed struct {
	cache *ExpiringFixed[string, string]
}

// NewTokenCacheFixed starts the janitor and returns the cache.
func NewTokenCacheFixed(ctx context.Context, ttl time.Duration, m Metrics) *TokenCacheFixed {
	tc := &TokenCacheFixed{cache: NewExpiringFixed[string, string](ttl, time.Now, m)}
	go tc.cache.Run(ctx, ttl/2)
	return tc
}

// Token returns a cached token for the service account.
func (tc *TokenCacheFixed) Token(namespace, name string) (string, bool) {
	return tc.cache.Get(namespace + "/" + name)
}
