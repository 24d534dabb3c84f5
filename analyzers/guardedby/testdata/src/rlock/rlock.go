// Package rlock has writes made while holding only the read side of the
// RWMutex that guards them: other readers run at the same time.
package rlock

import "sync"

// A Kubernetes-style pod cache whose lookup counts hits under RLock.
type podCache struct {
	mu      sync.RWMutex
	pods    map[string]string
	lookups int
	recent  []string
}

func (c *podCache) Get(name string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.lookups++ // want `c.lookups is written while c.mu is only read-locked: other readers hold c.mu at the same time; use c.mu.Lock`
	p, ok := c.pods[name]
	return p, ok
}

// GetOrDefault fills the map under the read lock: concurrent map writes.
func (c *podCache) GetOrDefault(name string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if p, ok := c.pods[name]; ok {
		return p
	}
	c.pods[name] = "Pending" // want `c.pods is written while c.mu is only read-locked: other readers hold c.mu at the same time; use c.mu.Lock`
	return "Pending"
}

func (c *podCache) Forget(name string) {
	c.mu.RLock()
	delete(c.pods, name)              // want `c.pods is written while c.mu is only read-locked`
	c.recent = append(c.recent, name) // want `c.recent is written while c.mu is only read-locked`
	c.mu.RUnlock()
}

// The safe twins take the write lock.
func (c *podCache) GetSafe(name string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lookups++
	p, ok := c.pods[name]
	return p, ok
}

func (c *podCache) ForgetSafe(name string) {
	c.mu.Lock()
	delete(c.pods, name)
	c.recent = append(c.recent, name)
	c.mu.Unlock()
}

// Writes through a pointer read under RLock go to another object, and a
// field guarded by a second, write-held lock is fine.
type entry struct {
	mu   sync.Mutex
	hits int
}

type index struct {
	mu      sync.RWMutex
	entries map[string]*entry
	statsMu sync.Mutex
	misses  int
}

func (x *index) Hit(k string) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	e := x.entries[k]
	if e == nil {
		x.statsMu.Lock()
		x.misses++
		x.statsMu.Unlock()
		return
	}
	e.mu.Lock()
	e.hits++
	e.mu.Unlock()
}

// Writes to a local copy or a fresh object are not shared.
func (x *index) Snapshot() map[string]int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	out := make(map[string]int, len(x.entries))
	for k, e := range x.entries {
		out[k] = e.hits
	}
	return out
}
