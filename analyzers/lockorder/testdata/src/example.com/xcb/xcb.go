// Package xcb is a library type that runs caller code under its own lock:
// a visitor callback (ForEach) and an observer interface stored in a
// field (Watcher), implemented by importing packages.
package xcb

import "sync"

type Item struct{ N int }

type Watcher interface {
	Changed(key string)
}

type Registry struct {
	mu      sync.Mutex
	items   map[string]*Item
	watcher Watcher
}

// Watch registers the watcher.
func (r *Registry) Watch(w Watcher) {
	r.mu.Lock()
	r.watcher = w
	r.mu.Unlock()
}

// Auditor receives audit records.
type Auditor interface{ Audit(msg string) }

func (r *Registry) SetAuditor(a Auditor) {}

// Options configure a registry.
type Options struct{ Watcher Watcher }

func New(opts Options) *Registry {
	return &Registry{items: map[string]*Item{}, watcher: opts.Watcher}
}

// ForEach calls fn with r.mu held.
func (r *Registry) ForEach(fn func(key string, it *Item)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, it := range r.items {
		fn(k, it)
	}
}

// Visit passes fn on to ForEach.
func (r *Registry) Visit(fn func(key string, it *Item)) { r.ForEach(fn) }

// Snapshot calls fn after unlocking.
func (r *Registry) Snapshot(fn func(map[string]*Item)) {
	r.mu.Lock()
	m := make(map[string]*Item, len(r.items))
	for k, v := range r.items {
		m[k] = v
	}
	r.mu.Unlock()
	fn(m)
}

// Set notifies the watcher with r.mu held.
func (r *Registry) Set(k string, it *Item) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items[k] = it
	r.notify(k)
}

func (r *Registry) notify(k string) { r.watcher.Changed(k) }

// Delete notifies the watcher after unlocking.
func (r *Registry) Delete(k string) {
	r.mu.Lock()
	delete(r.items, k)
	r.mu.Unlock()
	r.watcher.Changed(k)
}

func (r *Registry) Get(k string) *Item {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.items[k]
}
