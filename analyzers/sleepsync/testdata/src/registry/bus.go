// Package registry holds components that call what was registered with
// them from goroutines of their own: an event bus delivering to its
// subscribers (the shape of Docker's pkg/pubsub and events, and of
// Kubernetes' event broadcaster), a watcher hub (etcd), and a debouncer
// whose timer calls the constructor's callback (Istio's debounce).
package registry

import (
	"sync"
	"time"
)

// An Event is delivered to subscribers.
type Event struct {
	Kind string
}

// A Subscriber receives events.
type Subscriber interface {
	Handle(ev Event)
}

// A Bus delivers each published event to every subscriber, one goroutine
// per subscriber.
type Bus struct {
	mu   sync.RWMutex
	subs map[string]Subscriber
}

func NewBus() *Bus { return &Bus{subs: make(map[string]Subscriber)} }

// Subscribe registers s under name.
func (b *Bus) Subscribe(name string, s Subscriber) {
	b.mu.Lock()
	b.subs[name] = s
	b.mu.Unlock()
}

// Publish delivers ev in the background.
func (b *Bus) Publish(ev Event) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for _, s := range b.subs {
		go s.Handle(ev)
	}
}

// A Broadcaster keeps its watchers in a slice and delivers on one
// goroutine per event.
type Broadcaster struct {
	mu       sync.Mutex
	watchers []Subscriber
}

// AddWatcher registers w.
func (b *Broadcaster) AddWatcher(w Subscriber) {
	b.mu.Lock()
	b.watchers = append(b.watchers, w)
	b.mu.Unlock()
}

// Action delivers ev to every watcher from a goroutine.
func (b *Broadcaster) Action(ev Event) {
	go func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, w := range b.watchers {
			w.Handle(ev)
		}
	}()
}

// A Hub keeps handler functions in a map and runs them on a delivery
// goroutine it starts when created.
type Hub struct {
	mu       sync.Mutex
	handlers map[int]func(Event)
	next     int
	queue    chan Event
}

func NewHub() *Hub {
	h := &Hub{handlers: make(map[int]func(Event)), queue: make(chan Event, 16)}
	go h.loop()
	return h
}

// Watch registers f and returns its id.
func (h *Hub) Watch(f func(Event)) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next++
	h.handlers[h.next] = f
	return h.next
}

// Notify queues ev for delivery.
func (h *Hub) Notify(ev Event) { h.queue <- ev }

func (h *Hub) loop() {
	for ev := range h.queue {
		h.mu.Lock()
		for _, f := range h.handlers {
			f(ev)
		}
		h.mu.Unlock()
	}
}

// A Debouncer calls fn once the triggers stop for delay.
type Debouncer struct {
	mu    sync.Mutex
	delay time.Duration
	fn    func()
	timer *time.Timer
}

func NewDebouncer(delay time.Duration, fn func()) *Debouncer {
	return &Debouncer{delay: delay, fn: fn}
}

// Trigger arms the timer again.
func (d *Debouncer) Trigger() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil {
		d.timer.Stop()
	}
	d.timer = time.AfterFunc(d.delay, d.fire)
}

func (d *Debouncer) fire() { d.fn() }

// A Resetter keeps one timer and resets it.
type Resetter struct {
	timer *time.Timer
	delay time.Duration
}

func NewResetter(delay time.Duration, fn func()) *Resetter {
	r := &Resetter{delay: delay}
	r.timer = time.AfterFunc(time.Hour, fn)
	r.timer.Stop()
	return r
}

// Trigger resets the timer.
func (r *Resetter) Trigger() { r.timer.Reset(r.delay) }

// A Feed starts one delivery goroutine per subscription, which calls the
// subscriber's function for every event sent to its channel (the shape
// of etcd's watchers).
type Feed struct {
	mu    sync.Mutex
	chans []chan Event
}

// Subscribe starts the subscription's goroutine.
func (f *Feed) Subscribe(fn func(Event)) {
	ch := make(chan Event, 1)
	f.mu.Lock()
	f.chans = append(f.chans, ch)
	f.mu.Unlock()
	go func() {
		for ev := range ch {
			fn(ev)
		}
	}()
}

// Send hands ev to every subscription.
func (f *Feed) Send(ev Event) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ch := range f.chans {
		ch <- ev
	}
}

// A Loop runs the functions posted to it, in order, on one goroutine its
// constructor starts (an event loop, a callback serializer).
type Loop struct {
	tasks chan func()
}

func NewLoop() *Loop {
	l := &Loop{tasks: make(chan func(), 16)}
	go l.run()
	return l
}

func (l *Loop) run() {
	for f := range l.tasks {
		f()
	}
}

// Post queues f.
func (l *Loop) Post(f func()) { l.tasks <- f }
