package dockereventbus

import (
	"sync"
	"testing"
	"time"
)

// BusFixed fans events out to subscribers.
type BusFixed struct {
	mu   sync.RWMutex
	subs map[Subscriber]func(Message) bool
	now  func() time.Time
}

// NewBusFixed returns a bus with no subscribers.
func NewBusFixed() *BusFixed {
	return &BusFixed{subs: make(map[Subscriber]func(Message) bool), now: time.Now}
}

// Subscribe registers s for events accepted by filter (nil accepts all).
func (b *BusFixed) Subscribe(s Subscriber, filter func(Message) bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.subs[s] = filter
}

// Publish delivers m asynchronously to all matching subscribers.
func (b *BusFixed) Publish(m Message) {
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

// channelSubscriber forwards every event to a channel the test waits on.
type channelSubscriber struct {
	events chan Message
}

func (c *channelSubscriber) OnEvent(m Message) { c.events <- m }

func TestPublishDeliversContainerEventsFixed(t *testing.T) {
	bus := NewBusFixed()
	sub := &channelSubscriber{events: make(chan Message, 8)}
	bus.Subscribe(sub, func(m Message) bool { return m.Type == "container" })

	bus.Publish(Message{Type: "network", Action: "connect", Actor: "bridge"})
	bus.Publish(Message{Type: "container", Action: "start", Actor: "3f2a9c"})

	select {
	case got := <-sub.events:
		if got.Action != "start" || got.Actor != "3f2a9c" {
			t.Errorf("unexpected event %+v", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("timed out waiting for container event")
	}

	// The filter must have dropped the network event: publish a sentinel
	// container event and check that it is the next thing delivered.
	bus.Publish(Message{Type: "container", Action: "die", Actor: "sentinel"})
	select {
	case got := <-sub.events:
		if got.Actor != "sentinel" {
			t.Errorf("filter let through %+v", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("timed out waiting for sentinel event")
	}
}
