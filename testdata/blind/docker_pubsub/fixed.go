package dockerpubsub

import (
	"sync"
	"time"
)

type subscriberFixed struct {
	id      uint64
	ch      chan Event
	filter  TopicFunc
	handler Handler
}

func (s *subscriberFixed) deliver() {
	for ev := range s.ch {
		s.handler(ev)
	}
}

// PublisherFixed fans events out to subscribers.
type PublisherFixed struct {
	mu      sync.RWMutex
	subs    map[uint64]*subscriberFixed
	nextID  uint64
	buffer  int
	timeout time.Duration
	now     func() time.Time
}

// NewPublisherFixed returns a publisher with per-subscriber buffers of size buffer.
func NewPublisherFixed(timeout time.Duration, buffer int) *PublisherFixed {
	return &PublisherFixed{subs: make(map[uint64]*subscriberFixed), buffer: buffer, timeout: timeout, now: time.Now}
}

// SubscribeTopic registers h for events accepted by filter.
func (p *PublisherFixed) SubscribeTopic(filter TopicFunc, h Handler) uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.nextID++
	s := &subscriberFixed{id: p.nextID, ch: make(chan Event, p.buffer), filter: filter, handler: h}
	p.subs[s.id] = s
	go s.deliver()
	return s.id
}

// Evict removes the subscriber and closes its channel so its delivery
// goroutine drains and exits. Publish sends only while holding the read lock,
// so no send can race with this close.
func (p *PublisherFixed) Evict(id uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s, ok := p.subs[id]; ok {
		delete(p.subs, id)
		close(s.ch)
	}
}

// Close evicts every subscriber.
func (p *PublisherFixed) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for id, s := range p.subs {
		delete(p.subs, id)
		close(s.ch)
	}
}

// Len returns the number of subscribers.
func (p *PublisherFixed) Len() int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return len(p.subs)
}

// Publish sends ev to every matching subscriber, dropping it for subscribers
// that stay full longer than the publisher timeout.
func (p *PublisherFixed) Publish(topic string, payload any) {
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
