package istioserviceregistry

import (
	"context"
	"sort"
	"sync"
)

// RegistryFixed stores services and notifies watchers. Watcher channels are
// snapshotted under the lock and notified after it has been released.
type RegistryFixed struct {
	mu       sync.Mutex
	services map[string]*Service
	watchers []*watcher
}

// NewRegistryFixed returns an empty registry.
func NewRegistryFixed() *RegistryFixed {
	return &RegistryFixed{services: make(map[string]*Service)}
}

// Watch returns a channel of registry events.
func (r *RegistryFixed) Watch(ctx context.Context) <-chan ServiceEvent {
	w := &watcher{ch: make(chan ServiceEvent), done: ctx.Done()}
	r.mu.Lock()
	r.watchers = append(r.watchers, w)
	r.mu.Unlock()
	return w.ch
}

func (r *RegistryFixed) notify(watchers []*watcher, ev ServiceEvent) {
	for _, w := range watchers {
		select {
		case w.ch <- ev:
		case <-w.done:
		}
	}
}

// Upsert adds or replaces a service and notifies watchers.
func (r *RegistryFixed) Upsert(svc *Service) {
	r.mu.Lock()
	typ := EventUpdate
	if _, ok := r.services[svc.Hostname]; !ok {
		typ = EventAdd
	}
	r.services[svc.Hostname] = svc
	watchers := append([]*watcher(nil), r.watchers...)
	r.mu.Unlock()

	r.notify(watchers, ServiceEvent{Type: typ, Hostname: svc.Hostname})
}

// Delete removes a service and notifies watchers.
func (r *RegistryFixed) Delete(hostname string) {
	r.mu.Lock()
	if _, ok := r.services[hostname]; !ok {
		r.mu.Unlock()
		return
	}
	delete(r.services, hostname)
	watchers := append([]*watcher(nil), r.watchers...)
	r.mu.Unlock()

	r.notify(watchers, ServiceEvent{Type: EventDelete, Hostname: hostname})
}

// GetService returns a copy of the service.
func (r *RegistryFixed) GetService(hostname string) (Service, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.services[hostname]
	if !ok {
		return Service{}, false
	}
	return *s, true
}

// ClusterBuilderFixed regenerates proxy clusters on service changes.
type ClusterBuilderFixed struct {
	reg      *RegistryFixed
	mu       sync.Mutex
	clusters map[string][]string
}

// Run consumes registry events until ctx is done.
func (b *ClusterBuilderFixed) Run(ctx context.Context) {
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

func (b *ClusterBuilderFixed) handle(ev ServiceEvent) {
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
func (b *ClusterBuilderFixed) Start(ctx context.Context) {
	go b.Run(ctx)
}
