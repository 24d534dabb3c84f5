package rangeafter

import (
	"maps"
	"sort"
	"sync"
)

// A getter that returns the guarded map itself (the shape of many
// registries and routing tables): the deferred unlock runs before the
// caller ranges over the map, while Register writes into it under the lock.
type Handler func(string)

type registry struct {
	mu       sync.RWMutex
	handlers map[string]Handler
}

func (r *registry) Register(name string, h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.handlers[name] = h
}

func (r *registry) Handlers() map[string]Handler {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.handlers // want `r.handlers is returned after r.mu is released, while Register mutates it under r.mu \(line \d+\): return a copy`
}

// The safe twin returns a copy.
type registrySafe struct {
	mu       sync.RWMutex
	handlers map[string]Handler
}

func (r *registrySafe) Register(name string, h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.handlers[name] = h
}

func (r *registrySafe) Handlers() map[string]Handler {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return maps.Clone(r.handlers)
}

// Copy on write: Register replaces the map, so the one handed out is never
// written again.
type registryCOW struct {
	mu       sync.Mutex
	handlers map[string]Handler
}

func (r *registryCOW) Register(name string, h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := maps.Clone(r.handlers)
	m[name] = h
	r.handlers = m
}

func (r *registryCOW) Handlers() map[string]Handler {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.handlers
}

// A helper that runs with the lock held (the caller holds it on return
// too) hands the map to a caller still under the lock.
func (r *registry) handlersLocked() map[string]Handler { return r.handlers }

func (r *registry) Count() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	n := 0
	for range r.handlersLocked() {
		n++
	}
	return n
}

// A peer list sorted in place under the lock (etcd's and raft's peer
// tables): a snapshot taken under the lock is reordered under the reader.
type peers struct {
	mu    sync.Mutex
	addrs []string
}

func (p *peers) Add(a string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.addrs = append(p.addrs, a)
	sort.Strings(p.addrs)
}

func (p *peers) First() string {
	p.mu.Lock()
	addrs := p.addrs
	p.mu.Unlock()
	if len(addrs) == 0 {
		return ""
	}
	return addrs[0] // want `p.addrs is read after p.mu is released, while Add mutates it under p.mu \(line \d+\): copy it under the lock`
}

// The safe twin sorts a new slice and replaces the field.
type peersSafe struct {
	mu    sync.Mutex
	addrs []string
}

func (p *peersSafe) Add(a string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := append([]string(nil), p.addrs...)
	s = append(s, a)
	sort.Strings(s)
	p.addrs = s
}

func (p *peersSafe) First() string {
	p.mu.Lock()
	addrs := p.addrs
	p.mu.Unlock()
	if len(addrs) == 0 {
		return ""
	}
	return addrs[0]
}
