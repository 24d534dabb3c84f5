// Package bus delivers events to what was registered with it.
package bus

import "sync"

type Event struct{ Kind string }

type Subscriber interface{ Handle(Event) }

type Bus struct {
	mu   sync.Mutex
	subs map[string]Subscriber
}

// Publish starts a goroutine per subscriber: the summary names the
// method called on what the bus keeps.
func (b *Bus) Publish(ev Event) { // want Publish:`hb\(spawn\[invoke\(p0.1/\*/\[\]/.Handle\)\]; reads p0.subs\(synced\); reads p0.subs\(synced\)\)`
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.subs {
		go s.Handle(ev)
	}
}

type Hub struct {
	mu       sync.Mutex
	handlers map[int]func(Event)
	queue    chan Event
}

// NewHub starts the delivery goroutine on the hub it returns: the
// summary is relative to the result (p0, after no parameters).
func NewHub() *Hub { // want NewHub:`hb\(spawn\[call\(p0.handlers\[…\]\) receive\(p0.2/\*/\) unlock\(p0.0/\)\]\)`
	h := &Hub{handlers: make(map[int]func(Event)), queue: make(chan Event)}
	go h.loop()
	return h
}

func (h *Hub) loop() { // unexported: no fact (no other package calls it by name)
	for ev := range h.queue {
		h.mu.Lock()
		for _, f := range h.handlers {
			f(ev)
		}
		h.mu.Unlock()
	}
}

// Watch stores f: an empty summary says it does not synchronize on it.
func (h *Hub) Watch(f func(Event)) { // want Watch:`hb\(\)`
	h.mu.Lock()
	h.handlers[len(h.handlers)] = f
	h.mu.Unlock()
}

// Each calls f: no summary, callers must assume f may synchronize.
func (h *Hub) Each(f func(Event)) {
	f(Event{})
}

type Loop struct{ tasks chan func() }

// NewLoop's goroutine calls the functions received from the loop's
// channel: elements of the channel of the object it returns.
func NewLoop() *Loop { // want NewLoop:`hb\(spawn\[call\(p0.tasks\[…\]\) receive\(p0.0/\*/\)\]\)`
	l := &Loop{tasks: make(chan func(), 16)}
	go l.run()
	return l
}

func (l *Loop) run() { // unexported: no fact (no other package calls it by name)
	for f := range l.tasks {
		f()
	}
}
