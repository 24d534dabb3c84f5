// Package registry: a registry holds its lock while it asks registered
// collectors to describe themselves (an interface call under the lock);
// one collector of the same package keeps a back-pointer to the registry
// and calls a method that takes the registry's lock again.
package registry

import "sync"

type Collector interface {
	Describe(ch chan<- string)
}

type Registry struct {
	mu         sync.Mutex
	collectors []Collector
	names      map[string]bool
}

func New() *Registry {
	r := &Registry{names: map[string]bool{}}
	r.MustRegister(&selfCollector{reg: r})
	r.MustRegister(countCollector{n: 3})
	return r
}

// Known takes r.mu.
func (r *Registry) Known(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.names[name]
}

// Bad: Describe runs under r.mu; selfCollector.Describe calls r.Known.
func (r *Registry) MustRegister(c Collector) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ch := make(chan string, 64)
	c.Describe(ch) // want `acquires r.mu, which is already held here`
	close(ch)
	for n := range ch {
		r.names[n] = true
	}
	r.collectors = append(r.collectors, c)
}

// Safe twin: describe first, then lock.
func (r *Registry) Register(c Collector) {
	ch := make(chan string, 64)
	c.Describe(ch)
	close(ch)
	r.mu.Lock()
	defer r.mu.Unlock()
	for n := range ch {
		r.names[n] = true
	}
	r.collectors = append(r.collectors, c)
}

// selfCollector reports the registry's own state.
type selfCollector struct {
	reg *Registry
}

func (s *selfCollector) Describe(ch chan<- string) {
	if !s.reg.Known("registry_size") {
		ch <- "registry_size"
	}
}

// countCollector does not call back.
type countCollector struct{ n int }

func (c countCollector) Describe(ch chan<- string) {
	for i := 0; i < c.n; i++ {
		ch <- "count"
	}
}

// Safe: a registry registered as a collector of another registry (a
// child of the same type): its Describe takes its own lock, another
// instance of Registry.mu.
func (r *Registry) Describe(ch chan<- string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for n := range r.names {
		ch <- n
	}
}

func NewParent() *Registry {
	p := New()
	p.MustRegister(New())
	return p
}

// Safe: a collector that reads another registry it was given (not the one
// it is registered with) under a read of its own state only.
type mirror struct {
	mu   sync.Mutex
	seen int
}

func (m *mirror) Describe(ch chan<- string) {
	m.mu.Lock()
	m.seen++
	m.mu.Unlock()
	ch <- "mirror"
}

func NewMirror(r *Registry) {
	r.MustRegister(&mirror{})
}

// describe gathers a collector's names (no lock of its own).
func describe(c Collector) []string {
	ch := make(chan string, 64)
	c.Describe(ch)
	close(ch)
	var out []string
	for n := range ch {
		out = append(out, n)
	}
	return out
}

// Bad: the interface call is in a helper, the lock in its caller.
func (r *Registry) RegisterAll(cs ...Collector) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range cs {
		for _, n := range describe(c) { // want `acquires r.mu, which is already held here`
			r.names[n] = true
		}
		r.collectors = append(r.collectors, c)
	}
}

// Safe twin: describe before locking.
func (r *Registry) RegisterAllSafe(cs ...Collector) {
	var names []string
	for _, c := range cs {
		names = append(names, describe(c)...)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range names {
		r.names[n] = true
	}
	r.collectors = append(r.collectors, cs...)
}

// Safe (grpc's lbCacheSubConn and wrappedProvider shape): a wrapper that
// embeds the interface and takes the registry's lock in its own method;
// under the lock the registry calls the wrapped value, not the wrapper.
type wrapped struct {
	Collector
	reg *Registry
}

func (w *wrapped) Describe(ch chan<- string) {
	w.reg.mu.Lock()
	w.reg.names["wrapped"] = true
	w.reg.mu.Unlock()
	w.Collector.Describe(ch)
}

var kept []Collector

func keep(c Collector) { kept = append(kept, c) }

func (r *Registry) Wrap(c Collector) {
	w := &wrapped{Collector: c, reg: r}
	keep(w)
	r.mu.Lock()
	defer r.mu.Unlock()
	w.Collector.Describe(make(chan string, 8))
}

// Bad (client_golang's Gather shape): the registered collectors, kept in
// a field, are asked to describe themselves under r.mu; selfCollector,
// registered by New, calls back into the registry.
func (r *Registry) DescribeAll() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	ch := make(chan string, 64)
	for _, c := range r.collectors {
		c.Describe(ch) // want `acquires r.mu, which is already held here`
	}
	close(ch)
	var out []string
	for n := range ch {
		out = append(out, n)
	}
	return out
}

// Safe twin: a snapshot of the collectors, described after unlocking.
func (r *Registry) DescribeAllSafe() []string {
	r.mu.Lock()
	cs := append([]Collector(nil), r.collectors...)
	r.mu.Unlock()
	ch := make(chan string, 64)
	for _, c := range cs {
		c.Describe(ch)
	}
	close(ch)
	var out []string
	for n := range ch {
		out = append(out, n)
	}
	return out
}

// Safe: a field that only ever holds collectors handed in from outside
// the package (no type of the package is stored into it).
type Forwarder struct {
	mu   sync.Mutex
	next Collector
	reg  *Registry
}

func NewForwarder(next Collector) *Forwarder { return &Forwarder{next: next} }

func (f *Forwarder) Forward() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next.Describe(make(chan string, 8))
}
