// Package dockerpubsub models a publisher that starts one delivery goroutine
// per subscriber, ranging over that subscriber's buffered channel. Evict
// removes the subscriber from the map but never closes its channel, so the
// delivery goroutine blocks in its range loop forever after eviction.
package dockerpubsub

import (
	"sync"
	"time"
)

// Event is a published message.
type Event struct {
	Topic   string
	Payload any
	At      time.Time
}

// Handler consumes events for one subscriber.
type Handler func(Event)

// TopicFunc filters events for a subscriber.
type TopicFunc func(Event) bool

type subscriber struct {
	id      uint64
	ch      chan Event
	filter  TopicFunc
	handler Handler
}

func (s *subscriber) deliver() {
	for ev := range s.ch { // WANT(goroutineleak)
		s.handler(ev)
	}
}

// Publisher fans events out to subscribers.
type Publisher struct {
	mu      sync.RWMutex
	subs    map[uint64]*subscriber
	nextID  uint64
	buffer  int
	timeout time.Duration
	now     func() time.Time
}

// NewPublisher returns a publisher with per-subscriber buffers of size buffer.
func NewPublisher(timeout time.Duration, buffer int) *Publisher {
	return &Publisher{subs: make(map[uint64]*subscriber), buffer: buffer, timeout: timeout, now: time.Now}
}

// SubscribeTopic registers h for events accepted by filter.
func (p *Publisher) SubscribeTopic(filter TopicFunc, h Handler) uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.nextID++
	s := &subscriber{id: p.nextID, ch: make(chan Event, p.buffer), filter: filter, handler: h}
	p.subs[s.id] = s
	go s.deliver()
	return s.id
}

// Evict removes the subscriber.
func (p *Publisher) Evict(id uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.subs, id)
}

// Len returns the number of subscribers.
func (p *Publisher) Len() int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return len(p.subs)
}

// Publish sends ev to every matching subscriber, dropping it for subscribers
// that stay full longer than the publisher timeout.
func (p *Publisher) Publish(topic string, payload any) {
	ev := Event{Topic: topic, Payload: payload, At: p.now()}
	p.mu.RLock()
	defer p.mu.RUnlock()
	for _, s := range p.subs {
		if s.filter != nil && !s.filter(ev) {
			continue
		}
		t := time.NewTimer(p.timeout)
		select {
		case s.ch <- ev:
		case <-t.C:
		}
		t.Stop()
	}
}
