// Package kubernetesadmissionplugins models an admission plugin registry
// guarded by an RWMutex. PluginsFor holds the read lock and calls the
// exported Get, which takes the read lock again; if a Register call queues
// for the write lock in between, the nested RLock waits behind the writer
// and the writer waits for the outer RLock, deadlocking both.
package kubernetesadmissionplugins

import (
	"context"
	"fmt"
	"sort"
	"sync"
)

// Operation is an admission operation.
type Operation string

// Admission operations.
const (
	Create Operation = "CREATE"
	Update Operation = "UPDATE"
	Delete Operation = "DELETE"
)

// Attributes describe the request being admitted.
type Attributes struct {
	Kind      string
	Namespace string
	Name      string
	Operation Operation
	Object    map[string]any
}

// Interface is an admission plugin.
type Interface interface {
	Handles(op Operation) bool
	Admit(ctx context.Context, a *Attributes) error
}

// Factory builds a plugin from its configuration.
type Factory func(config map[string]string) (Interface, error)

type registration struct {
	name     string
	plugin   Interface
	kinds    []string
	priority int
}

// Plugins is the set of enabled admission plugins.
type Plugins struct {
	mu      sync.RWMutex
	byName  map[string]*registration
	byKind  map[string][]string
	version uint64
}

// NewPlugins returns an empty registry.
func NewPlugins() *Plugins {
	return &Plugins{byName: make(map[string]*registration), byKind: make(map[string][]string)}
}

// Register enables a plugin for the given kinds.
func (ps *Plugins) Register(name string, priority int, kinds []string, f Factory, config map[string]string) error {
	p, err := f(config)
	if err != nil {
		return fmt.Errorf("admission plugin %q: %w", name, err)
	}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if _, dup := ps.byName[name]; dup {
		return fmt.Errorf("admission plugin %q registered twice", name)
	}
	ps.byName[name] = &registration{name: name, plugin: p, kinds: kinds, priority: priority}
	for _, k := range kinds {
		ps.byKind[k] = append(ps.byKind[k], name)
	}
	ps.version++
	return nil
}

// Get returns the plugin registered under name.
func (ps *Plugins) Get(name string) (Interface, int, bool) {
	ps.mu.RLock() // WANT(doublelock)
	defer ps.mu.RUnlock()
	r, ok := ps.byName[name]
	if !ok {
		return nil, 0, false
	}
	return r.plugin, r.priority, true
}

// PluginsFor returns the plugins that handle op on kind, by priority.
func (ps *Plugins) PluginsFor(kind string, op Operation) []Interface {
	ps.mu.RLock()
	defer ps.mu.RUnlock()
	type ranked struct {
		p        Interface
		priority int
	}
	var rs []ranked
	for _, name := range ps.byKind[kind] {
		p, prio, ok := ps.Get(name) // WANT(doublelock)
		if !ok || !p.Handles(op) {
			continue
		}
		rs = append(rs, ranked{p, prio})
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].priority < rs[j].priority })
	out := make([]Interface, len(rs))
	for i, r := range rs {
		out[i] = r.p
	}
	return out
}

// Chain runs every applicable plugin in order.
type Chain struct {
	plugins *Plugins
}

// Admit runs the admission chain for a request.
func (c *Chain) Admit(ctx context.Context, a *Attributes) error {
	for _, p := range c.plugins.PluginsFor(a.Kind, a.Operation) {
		if err := p.Admit(ctx, a); err != nil {
			return fmt.Errorf("admission denied for %s %s/%s: %w", a.Kind, a.Namespace, a.Name, err)
		}
	}
	return nil
}
