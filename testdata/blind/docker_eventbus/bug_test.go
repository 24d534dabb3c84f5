// Package dockereventbus models a daemon event bus whose Publish hands the
// event to subscribers on a goroutine it starts internally. The test publishes
// an event, sleeps 100ms and then asserts that its fake subscriber saw the
// event, relying on the delivery goroutine having run within the sleep.
package dockereventbus

import (
	"sync"
	"testing"
	"time"
)

// Message is a daemon event.
type Message struct {
	Type   string
	Action string
	Actor  string
	Time   time.Time
}

// Subscriber receives published events.
type Subscriber interface {
	OnEvent(Message)
}

// Bus fans events out to subscribers.
type Bus struct {
	mu   sync.RWMutex
	subs map[Subscriber]func(Message) bool
	now  func() time.Time
}

// NewBus returns a bus with no subscribers.
func NewBus() *Bus {
	return &Bus{subs: make(map[Subscriber]func(Message) bool), now: time.Now}
}

// Subscribe registers s for events accepted by filter (nil accepts all).
func (b *Bus) Subscribe(s Subscriber, filter func(Message) bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.subs[s] = filter
}

// Publish delivers m asynchronously to all matching subscribers.
func (b *Bus) Publish(m Message) {
	if m.Time.IsZero() {
		m.Time = b.now()
	}
	b.mu.RLock()
	targets := make([]Subscriber, 0, len(b.subs))
	for s, filter := range b.subs {
		if filter == nil || filter(m) {
			targets = append(targets, s)
		}
	}
	b.mu.RUnlock()
	go func() {
		for _, s := range targets {
			s.OnEvent(m)
		}
	}()
}

type recordingSubscriber struct {
	mu     sync.Mutex
	events []Message
}

func (r *recordingSubscriber) OnEvent(m Message) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, m)
}

func (r *recordingSubscriber) received() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Message(nil), r.events...)
}

func TestPublishDeliversContainerEvents(t *testing.T) {
	bus := NewBus()
	sub := &recordingSubscriber{}
	bus.Subscribe(sub, func(m Message) bool { return m.Type == "container" })

	bus.Publish(Message{Type: "container", Action: "start", Actor: "3f2a9c"})
	bus.Publish(Message{Type: "network", Action: "connect", Actor: "bridge"})

	time.Sleep(100 * time.Millisecond) // WANT(sleepsync)

	got := sub.received()
	if len(got) != 1 {
		t.Fatalf("subscriber received %d events, want 1: %+v", len(got), got)
	}
	if got[0].Action != "start" || got[0].Actor != "3f2a9c" {
		t.Errorf("unexpected event %+v", got[0])
	}
}
