// Package subcancel models an in-process subject bus where Publish copies the
// matching subscriptions under a read lock and then delivers to each one's
// channel without the lock. Subscription.Cancel removes itself from the map
// and closes its channel, so a Publish that copied the map just before the
// cancellation sends on a closed channel and panics.
package subcancel

import (
	"strings"
	"sync"
	"sync/atomic"
)

type Msg struct {
	Subject string
	Reply   string
	Data    []byte
}

type SlowConsumerHandler func(sub *Subscription, dropped *Msg)

type Subscription struct {
	ID      uint64
	Subject string
	C       <-chan *Msg

	ch      chan *Msg
	bus     *Bus
	dropped atomic.Uint64
}

func (s *Subscription) Dropped() uint64 { return s.dropped.Load() }

func (s *Subscription) Cancel() {
	if s.bus.remove(s) {
		close(s.ch)
	}
}

type Bus struct {
	pending int
	onSlow  SlowConsumerHandler

	mu     sync.RWMutex
	nextID uint64
	subs   map[string]map[uint64]*Subscription
}

func NewBus(pendingLimit int, onSlow SlowConsumerHandler) *Bus {
	return &Bus{pending: pendingLimit, onSlow: onSlow, subs: make(map[string]map[uint64]*Subscription)}
}

func (b *Bus) Subscribe(subject string) *Subscription {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.nextID++
	ch := make(chan *Msg, b.pending)
	sub := &Subscription{ID: b.nextID, Subject: subject, C: ch, ch: ch, bus: b}
	if b.subs[subject] == nil {
		b.subs[subject] = make(map[uint64]*Subscription)
	}
	b.subs[subject][sub.ID] = sub
	return sub
}

func (b *Bus) remove(s *Subscription) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	set := b.subs[s.Subject]
	if _, ok := set[s.ID]; !ok {
		return false
	}
	delete(set, s.ID)
	if len(set) == 0 {
		delete(b.subs, s.Subject)
	}
	return true
}

func matches(pattern, subject string) bool {
	if pattern == subject {
		return true
	}
	if prefix, ok := strings.CutSuffix(pattern, ".>"); ok {
		return strings.HasPrefix(subject, prefix+".")
	}
	return false
}

func (b *Bus) interested(subject string) []*Subscription {
	b.mu.RLock()
	defer b.mu.RUnlock()
	var out []*Subscription
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

func (b *Bus) Publish(subject, reply string, data []byte) int {
	m := &Msg{Subject: subject, Reply: reply, Data: data}
	delivered := 0
	for _, s := range b.interested(subject) {
		select {
		case s.ch <- m: // WANT(chanclose)
			delivered++
		default:
			s.dropped.Add(1)
			if b.onSlow != nil {
				b.onSlow(s, m)
			}
		}
	}
	return delivered
}
