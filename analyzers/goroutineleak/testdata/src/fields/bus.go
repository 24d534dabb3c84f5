// Package fields holds goroutines blocked forever on channels, Conds and
// WaitGroups kept in struct fields, in the shapes real services have, each
// beside the safe twin a reviewer would write.
package fields

import "sync"

// ---- pub/sub bus: a delivery goroutine per subscriber ranges over the
// subscriber's channel; unsubscribing forgets to close it (the shape of
// several event-bus leaks: the goroutine and its handler stay forever).

type Event struct{ Topic, Data string }

type subscriber struct {
	topic string
	ch    chan Event
}

type Bus struct {
	mu   sync.Mutex
	subs map[*subscriber]bool
}

func NewBus() *Bus { return &Bus{subs: make(map[*subscriber]bool)} }

func (b *Bus) Subscribe(topic string, fn func(Event)) (unsubscribe func()) {
	s := &subscriber{topic: topic, ch: make(chan Event, 16)}
	b.mu.Lock()
	b.subs[s] = true
	b.mu.Unlock()
	go func() {
		for ev := range s.ch { // want `goroutine can block forever on this range: nothing closes subscriber.ch, and the loop has no other exit`
			fn(ev)
		}
	}()
	return func() {
		b.mu.Lock()
		delete(b.subs, s)
		b.mu.Unlock()
	}
}

func (b *Bus) Publish(ev Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.subs {
		if s.topic == ev.Topic {
			select {
			case s.ch <- ev:
			default: // slow subscriber: drop
			}
		}
	}
}

// Safe twin: unsubscribing closes the subscriber's channel, which ends the
// delivery goroutine's range.

type safeSubscriber struct {
	topic string
	ch    chan Event
}

type SafeBus struct {
	mu   sync.Mutex
	subs map[*safeSubscriber]bool
}

func (b *SafeBus) Subscribe(topic string, fn func(Event)) (unsubscribe func()) {
	s := &safeSubscriber{topic: topic, ch: make(chan Event, 16)}
	b.mu.Lock()
	b.subs[s] = true
	b.mu.Unlock()
	go func() {
		for ev := range s.ch {
			fn(ev)
		}
	}()
	return func() {
		b.mu.Lock()
		if b.subs[s] {
			delete(b.subs, s)
			close(s.ch)
		}
		b.mu.Unlock()
	}
}

func (b *SafeBus) Publish(ev Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.subs {
		if s.topic == ev.Topic {
			select {
			case s.ch <- ev:
			default:
			}
		}
	}
}

// Silent: the channel is an exported field, so code in other packages may
// close it.

type ExportedSub struct {
	C chan Event
}

func (s *ExportedSub) Start(fn func(Event)) {
	go func() {
		for ev := range s.C {
			fn(ev)
		}
	}()
}

// Silent: the channel is handed out through an exported method as a
// bidirectional channel: the caller may close it.

type handedOut struct {
	ch chan Event
}

func (h *handedOut) Chan() chan Event { return h.ch }

func (h *handedOut) Start(fn func(Event)) {
	go func() {
		for ev := range h.ch {
			fn(ev)
		}
	}()
}

// Reported: handed out only as a receive-only channel, which the caller
// can neither send on nor close.

type recvOnly struct {
	ch chan Event
}

func newRecvOnly() *recvOnly { return &recvOnly{ch: make(chan Event)} }

func (r *recvOnly) Events() <-chan Event { return r.ch }

func (r *recvOnly) Start(fn func(Event)) {
	go func() {
		for ev := range r.ch { // want `goroutine can block forever on this range: nothing closes recvOnly.ch`
			fn(ev)
		}
	}()
}

// Silent: the field's address is handed to code we cannot see.

type addrTaken struct {
	ch chan Event
}

func register(p *chan Event)

func (a *addrTaken) Start(fn func(Event)) {
	register(&a.ch)
	go func() {
		for ev := range a.ch {
			fn(ev)
		}
	}()
}

// Silent: the channel stored in the field comes from the caller.

type fromCaller struct {
	ch chan Event
}

func NewFromCaller(ch chan Event) *fromCaller { return &fromCaller{ch: ch} }

func (f *fromCaller) Start(fn func(Event)) {
	go func() {
		for ev := range f.ch {
			fn(ev)
		}
	}()
}
