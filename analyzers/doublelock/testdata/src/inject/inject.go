// Package inject: services that keep their mutex next to injected
// collaborators (a store, a logger, a clock, a metrics sink, hooks). A call
// into a collaborator cannot release the service's mutex unless it is
// handed something that reaches it.
package inject

import (
	"sync"
	"time"
)

type Store interface {
	Get(key string) ([]byte, error)
	Put(key string, val []byte) error
}

type Logger interface {
	Printf(format string, args ...any)
}

type Metrics interface {
	Inc(name string, n int)
}

type Evicter interface {
	// OnEvict is called with the cache locked; it may unlock it.
	OnEvict(c *Cache, key string)
}

type Scheduler interface {
	// Park releases l while it waits.
	Park(l sync.Locker)
}

type Cache struct {
	mu      sync.Mutex
	cond    *sync.Cond
	store   Store
	log     Logger
	metrics Metrics
	evict   Evicter
	sched   Scheduler
	now     func() time.Time
	name    string
	entries map[string]entry
	ready   bool
}

type entry struct {
	val     []byte
	expires time.Time
}

func (c *Cache) purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = map[string]entry{}
}

// Bad: the store and the logger cannot name c.mu; purge locks it again.
func (c *Cache) Load(key string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	val, err := c.store.Get(key)
	if err != nil {
		c.log.Printf("cache %s: load %q: %v", c.name, key, err)
		c.purge() // want `call acquires c.mu, which is already held here \(write\): \(\*Cache\).purge → Lock`
		return nil, err
	}
	c.entries[key] = entry{val: val}
	return val, nil
}

// Safe twin: purge runs after the unlock.
func (c *Cache) LoadSafe(key string) ([]byte, error) {
	c.mu.Lock()
	val, err := c.store.Get(key)
	if err != nil {
		c.log.Printf("cache %s: load %q: %v", c.name, key, err)
		c.mu.Unlock()
		c.purge()
		return nil, err
	}
	c.entries[key] = entry{val: val}
	c.mu.Unlock()
	return val, nil
}

// Bad: a clock in a func-typed field does not reach c.mu either.
func (c *Cache) Expire() {
	c.mu.Lock()
	now := c.now()
	for k, e := range c.entries {
		if e.expires.Before(now) {
			delete(c.entries, k)
		}
	}
	c.metrics.Inc(c.name+".expired", len(c.entries))
	c.purge() // want `call acquires c.mu, which is already held here`
	c.mu.Unlock()
}

// Safe twin.
func (c *Cache) ExpireSafe() {
	c.mu.Lock()
	now := c.now()
	for k, e := range c.entries {
		if e.expires.Before(now) {
			delete(c.entries, k)
		}
	}
	c.metrics.Inc(c.name+".expired", len(c.entries))
	c.mu.Unlock()
	c.purge()
}

// Safe: the owner is handed to the hook, which may unlock it.
func (c *Cache) Evict(key string) {
	c.mu.Lock()
	c.evict.OnEvict(c, key)
	c.mu.Lock()
	delete(c.entries, key)
	c.mu.Unlock()
}

// Safe: a sync.Locker for the mutex is handed over.
func (c *Cache) Park() {
	c.mu.Lock()
	c.sched.Park(&c.mu)
	c.mu.Lock()
	c.mu.Unlock()
}

// Safe: an unlock method value is handed over.
func (c *Cache) Defer(run func(func())) {
	c.mu.Lock()
	run(c.mu.Unlock)
	c.mu.Lock()
	c.mu.Unlock()
}

// Safe: a closure capturing the cache is handed over.
func (c *Cache) Submit(run func(func())) {
	c.mu.Lock()
	run(func() { c.ready = false; c.mu.Unlock() })
	c.mu.Lock()
	c.mu.Unlock()
}

// Cond.Wait releases and re-acquires c.mu: it is held after the loop.
func (c *Cache) WaitReady() {
	c.mu.Lock()
	for !c.ready {
		c.cond.Wait()
	}
	c.purge() // want `call acquires c.mu, which is already held here`
	c.mu.Unlock()
}

func (c *Cache) WaitReadySafe() {
	c.mu.Lock()
	for !c.ready {
		c.cond.Wait()
	}
	c.mu.Unlock()
	c.purge()
}

// A value loaded from another field of the owner (a child pointer)
// reaches the child's lock, not the owner's.
type Node struct {
	mu    sync.Mutex
	child *Node
	obs   Observer
}

type Observer interface{ Changed(n *Node) }

func (n *Node) lock() {
	n.mu.Lock()
}

func (n *Node) Update() {
	n.mu.Lock()
	n.obs.Changed(n.child)
	n.lock() // want `call acquires n.mu, which is already held here`
	n.mu.Unlock()
}

// Safe twin: the observer gets the node itself.
func (n *Node) UpdateSafe() {
	n.mu.Lock()
	n.obs.Changed(n)
	n.lock()
	n.mu.Unlock()
}

// A global mutex: an interface call handed nothing that reaches it does
// not release it.
var registryMu sync.Mutex

func lockRegistry() {
	registryMu.Lock()
}

func Register(log Logger, name string) {
	registryMu.Lock()
	log.Printf("register %s", name)
	lockRegistry() // want `call acquires registryMu, which is already held here`
	registryMu.Unlock()
}

func RegisterSafe(log Logger, name string) {
	registryMu.Lock()
	log.Printf("register %s", name)
	registryMu.Unlock()
	lockRegistry()
	registryMu.Unlock()
}
