// Package cache is a small read-through cache with expiry.
package cache

import (
	"sync"
	"time"
)

type entry struct {
	value   string
	expires time.Time
}

// Cache maps keys to values loaded on demand.
type Cache struct {
	mu      sync.RWMutex
	entries map[string]entry // guarded by mu
	ttl     time.Duration
	load    func(key string) (string, error)
}

// New returns a cache that loads missing keys with load.
func New(ttl time.Duration, load func(string) (string, error)) *Cache {
	return &Cache{entries: make(map[string]entry), ttl: ttl, load: load}
}

// Get returns the value for key, loading it if missing or expired.
func (c *Cache) Get(key string) (string, error) {
	c.mu.RLock()
	e, ok := c.entries[key]
	c.mu.RUnlock()
	if ok && time.Now().Before(e.expires) {
		return e.value, nil
	}
	v, err := c.load(key)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[key] = entry{value: v, expires: time.Now().Add(c.ttl)}
	return v, nil
}

// Len returns the number of entries, expired ones included.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}
