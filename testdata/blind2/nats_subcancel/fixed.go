package subcancel

import (
	"sync"
	"sync/atomic"
)

type SlowConsumerHandlerFixed func(sub *SubscriptionFixed, dropped *Msg)

type SubscriptionFixed struct {
	ID      uint64
	Subject string
	C       <-chan *Msg

	bus     *BusFixed
	dropped atomic.Uint64

	mu     sync.Mutex
	ch     chan *Msg
	closed bool
}

func (s *SubscriptionFixed) Dropped() uint64 { return s.dropped.Load() }

func (s *SubscriptionFixed) Cancel() {
	s.bus.remove(s)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	close(s.ch)
}

func (s *SubscriptionFixed) deliver(m *Msg) (ok, cancelled bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false, true
	}
	select {
	case s.ch <- m:
		return true, false
	default:
		return false, false
	}
}

type BusFixed struct {
	pending int
	onSlow  SlowConsumerHandlerFixed

	mu     sync.RWMutex
	nextID uint64
	subs   map[string]map[uint64]*SubscriptionFixed
}

func NewBusFixed(pendingLimit int, onSlow SlowConsumerHandlerFixed) *BusFixed {
	return &BusFixed{pending: pendingLimit, onSlow: onSlow, subs: make(map[string]map[uint64]*SubscriptionFixed)}
}

func (b *BusFixed) Subscribe(subject string) *SubscriptionFixed {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.nextID++
	ch := make(chan *Msg, b.pending)
	sub := &SubscriptionFixed{ID: b.nextID, Subject: subject, C: ch, ch: ch, bus: b}
	if b.subs[subject] == nil {
		b.subs[subject] = make(map[uint64]*SubscriptionFixed)
	}
	b.subs[subject][sub.ID] = sub
	return sub
}

func (b *BusFixed) remove(s *SubscriptionFixed) {
	b.mu.Lock()
	defer b.mu.Unlock()
	set := b.subs[s.Subject]
	delete(set, s.ID)
	if len(set) == 0 {
		delete(b.subs, s.Subject)
	}
}

func (b *BusFixed) interested(subject string) []*SubscriptionFixed {
	b.mu.RLock()
	defer b.mu.RUnlock()
	var out []*SubscriptionFixed
	for pattern, set := range b.subs {
		if !matches(pattern, subject) {
			continue
		}
		for _, s := range set {
			out = append(out, s)
		}
	}
	return out
}

func (b *BusFixed) Publish(subject, reply string, data []byte) int {
	m := &Msg{Subject: subject, Reply: reply, Data: data}
	delivered := 0
	for _, s := range b.interested(subject) {
		ok, cancelled := s.deliver(m)
		switch {
		case ok:
			delivered++
		case cancelled:
		default:
			s.dropped.Add(1)
			if b.onSlow != nil {
				b.onSlow(s, m)
			}
		}
	}
	return delivered
}
