package kubernetesadmissionplugins

import (
	"context"
	"fmt"
	"sort"
	"sync"
)

// PluginsFixed is the set of enabled admission plugins.
type PluginsFixed struct {
	mu      sync.RWMutex
	byName  map[string]*registration
	byKind  map[string][]string
	version uint64
}

// NewPluginsFixed returns an empty registry.
func NewPluginsFixed() *PluginsFixed {
	return &PluginsFixed{byName: make(map[string]*registration), byKind: make(map[string][]string)}
}

// Register enables a plugin for the given kinds.
func (ps *PluginsFixed) Register(name string, priority int, kinds []string, f Factory, config map[string]string) error {
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
func (ps *PluginsFixed) Get(name string) (Interface, int, bool) {
	ps.mu.RLock()
	defer ps.mu.RUnlock()
	return ps.getLocked(name)
}

// getLocked looks name up. ps.mu must be held (read or write).
func (ps *PluginsFixed) getLocked(name string) (Interface, int, bool) {
	r, ok := ps.byName[name]
	if !ok {
		return nil, 0, false
	}
	return r.plugin, r.priority, true
}

// PluginsFor returns the plugins that handle op on kind, by priority.
func (ps *PluginsFixed) PluginsFor(kind string, op Operation) []Interface {
	ps.mu.RLock()
	defer ps.mu.RUnlock()
	type ranked struct {
		p        Interface
		priority int
	}
	var rs []ranked
	for _, name := range ps.byKind[kind] {
		p, prio, ok := ps.getLocked(name)
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

// ChainFixed runs every applicable plugin in order.
type ChainFixed struct {
	plugins *PluginsFixed
}

// Admit runs the admission chain for a request.
func (c *ChainFixed) Admit(ctx context.Context, a *Attributes) error {
	for _, p := range c.plugins.PluginsFor(a.Kind, a.Operation) {
		if err := p.Admit(ctx, a); err != nil {
			return fmt.Errorf("admission denied for %s %s/%s: %w", a.Kind, a.Namespace, a.Name, err)
		}
	}
	return nil
}
