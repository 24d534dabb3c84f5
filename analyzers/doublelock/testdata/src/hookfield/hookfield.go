// Package hookfield: a method value stored in a field of its own object
// (s.onEvict = s.evicted) and called under the object's lock; the method
// takes the lock again (the shape of an LRU cache's eviction callback).
package hookfield

import "sync"

type Cache struct {
	mu      sync.Mutex
	items   map[string]int
	evicts  int
	onEvict func(key string)
}

func New() *Cache {
	c := &Cache{items: map[string]int{}}
	c.onEvict = c.evicted
	return c
}

func (c *Cache) evicted(key string) {
	c.mu.Lock()
	c.evicts++
	c.mu.Unlock()
}

// Bad: the hook runs c.evicted, which locks c.mu again.
func (c *Cache) Remove(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.items, key)
	c.onEvict(key) // want `call acquires c.mu, which is already held here \(write\): onEvict → \(\*Cache\).evicted → Lock at`
}

// Safe twin: the hook runs after unlocking.
func (c *Cache) RemoveSafe(key string) {
	c.mu.Lock()
	delete(c.items, key)
	c.mu.Unlock()
	c.onEvict(key)
}

// Safe: a hook field set to different methods (or by the user) is not
// resolved.
type Pool struct {
	mu      sync.Mutex
	n       int
	onClose func()
}

func NewPool(quiet bool) *Pool {
	p := &Pool{}
	if quiet {
		p.onClose = p.noop
	} else {
		p.onClose = p.count
	}
	return p
}

func (p *Pool) noop() {}

func (p *Pool) count() {
	p.mu.Lock()
	p.n++
	p.mu.Unlock()
}

// Not reported: two functions are stored into onClose (one is harmless);
// the call is not resolved to either.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.onClose()
}

// Safe: the hook is bound to another object than the one holding it.
type Child struct {
	mu     sync.Mutex
	parent *Child
	notify func()
	n      int
}

func (c *Child) bump() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

func Link(parent, child *Child) {
	child.parent = parent
	child.notify = parent.bump
}

func (c *Child) Update() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	c.notify()
}
