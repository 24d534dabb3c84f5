// Package istioserviceregistry models a service registry that notifies
// watchers by sending on their unbuffered channels while holding the registry
// lock. Each watcher's handler goroutine looks the service up through the
// registry, which takes the same lock, before it receives again; a second
// update arriving meanwhile blocks on the send with the lock held and the
// handler blocks on the lock.
package istioserviceregistry

import (
	"context"
	"sort"
	"sync"
)

// Port is a service port.
type Port struct {
	Name     string
	Port     int
	Protocol string
}

// Service is a mesh service.
type Service struct {
	Hostname  string
	Namespace string
	Ports     []Port
	Labels    map[string]string
}

// EventType is the kind of registry change.
type EventType int

// Registry change kinds.
const (
	EventAdd EventType = iota
	EventUpdate
	EventDelete
)

// ServiceEvent describes a change.
type ServiceEvent struct {
	Type     EventType
	Hostname string
}

// watcher is one registered event consumer; done is its context's Done.
type watcher struct {
	ch   chan ServiceEvent
	done <-chan struct{}
}

// Registry stores services and notifies watchers.
type Registry struct {
	mu       sync.Mutex
	services map[string]*Service
	watchers []*watcher
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{services: make(map[string]*Service)}
}

// Watch returns a channel of registry events.
func (r *Registry) Watch(ctx context.Context) <-chan ServiceEvent {
	w := &watcher{ch: make(chan ServiceEvent), done: ctx.Done()}
	r.mu.Lock()
	r.watchers = append(r.watchers, w)
	r.mu.Unlock()
	return w.ch
}

// Upsert adds or replaces a service and notifies watchers.
func (r *Registry) Upsert(svc *Service) {
	r.mu.Lock()
	defer r.mu.Unlock()
	typ := EventUpdate
	if _, ok := r.services[svc.Hostname]; !ok {
		typ = EventAdd
	}
	r.services[svc.Hostname] = svc
	ev := ServiceEvent{Type: typ, Hostname: svc.Hostname}
	for _, w := range r.watchers {
		select {
		case w.ch <- ev: // WANT(chanlock)
		case <-w.done:
		}
	}
}

// Delete removes a service and notifies watchers.
func (r *Registry) Delete(hostname string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.services[hostname]; !ok {
		return
	}
	delete(r.services, hostname)
	ev := ServiceEvent{Type: EventDelete, Hostname: hostname}
	for _, w := range r.watchers {
		select {
		case w.ch <- ev: // WANT(chanlock)
		case <-w.done:
		}
	}
}

// GetService returns a copy of the service.
func (r *Registry) GetService(hostname string) (Service, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.services[hostname]
	if !ok {
		return Service{}, false
	}
	return *s, true
}

// ClusterBuilder regenerates proxy clusters on service changes.
type ClusterBuilder struct {
	reg      *Registry
	mu       sync.Mutex
	clusters map[string][]string
}

// NewClusterBuilder returns a builder watching reg.
func NewClusterBuilder(reg *Registry) *ClusterBuilder {
	return &ClusterBuilder{reg: reg, clusters: make(map[string][]string)}
}

// Run consumes registry events until ctx is done.
func (b *ClusterBuilder) Run(ctx context.Context) {
	events := b.reg.Watch(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-events:
			b.handle(ev)
		}
	}
}

func (b *ClusterBuilder) handle(ev ServiceEvent) {
	if ev.Type == EventDelete {
		b.mu.Lock()
		delete(b.clusters, ev.Hostname)
		b.mu.Unlock()
		return
	}
	svc, ok := b.reg.GetService(ev.Hostname)
	if !ok {
		return
	}
	names := make([]string, 0, len(svc.Ports))
	for _, p := range svc.Ports {
		names = append(names, "outbound|"+p.Name+"||"+svc.Hostname)
	}
	sort.Strings(names)
	b.mu.Lock()
	b.clusters[svc.Hostname] = names
	b.mu.Unlock()
}

// Start launches the builder.
func (b *ClusterBuilder) Start(ctx context.Context) {
	go b.Run(ctx)
}
