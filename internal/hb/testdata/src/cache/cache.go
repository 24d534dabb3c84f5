// Package cache refreshes itself on a goroutine.

package cache

import "sync"

// A Cache refreshes itself in the background.
type Cache struct {
	mu      sync.Mutex
	entries map[string]string
	loader  Loader
	loaded  chan struct{}
}

// A Loader fetches entries.
type Loader interface {
	Load() map[string]string
}

func New(l Loader) *Cache {
	return &Cache{entries: map[string]string{}, loader: l, loaded: make(chan struct{}, 1)}
}

// Refresh reloads the entries on a goroutine.
func (c *Cache) Refresh() { // want Refresh:`hb\(spawn\[p0.entries\(synced\) invoke\(p0.2/\*/.Load\) unlock\(p0.0/\) send\(p0.3/\*/\)\]\)`
	go c.reload()
}

func (c *Cache) reload() { // unexported: no fact (no other package calls it by name)
	m := c.loader.Load()
	c.mu.Lock()
	c.entries = m
	c.mu.Unlock()
	select {
	case c.loaded <- struct{}{}:
	default:
	}
}

// Get is a locked getter.
func (c *Cache) Get(k string) string { // want Get:`hb\(reads p0.entries\(synced\); reads p0.entries\(synced\)\)`
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries[k]
}

// Loaded receives a value after each reload.
func (c *Cache) Loaded() <-chan struct{} { return c.loaded } // want Loaded:`hb\(reads p0.loaded\)`
