package fields

import "sync"

// ---- a registry whose lock guards its subscribers, each with a delivery
// goroutine that counts deliveries under the registry's lock: Broadcast
// holds the registry's lock while it sends on a subscriber's channel.

type Registry struct {
	mu        sync.Mutex
	subs      map[int]*subscriber
	delivered int
}

type subscriber struct {
	ch chan string
}

func (r *Registry) Subscribe(id int, fn func(string)) {
	s := &subscriber{ch: make(chan string)}
	r.mu.Lock()
	r.subs[id] = s
	r.mu.Unlock()
	go r.deliver(s, fn)
}

func (r *Registry) deliver(s *subscriber, fn func(string)) {
	for m := range s.ch {
		fn(m)
		r.mu.Lock()
		r.delivered++
		r.mu.Unlock()
	}
}

func (r *Registry) Broadcast(m string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.subs {
		s.ch <- m // want `send on s.ch can block forever while holding r.mu: the receiver at line \d+ is the only one, and it may need r.mu first`
	}
}

// Safe twin: Broadcast copies the subscribers under the lock and sends
// after releasing it.

type SafeRegistry struct {
	mu        sync.Mutex
	subs      map[int]*safeSubscriber
	delivered int
}

type safeSubscriber struct {
	ch chan string
}

func (r *SafeRegistry) Subscribe(id int, fn func(string)) {
	s := &safeSubscriber{ch: make(chan string)}
	r.mu.Lock()
	r.subs[id] = s
	r.mu.Unlock()
	go r.deliver(s, fn)
}

func (r *SafeRegistry) deliver(s *safeSubscriber, fn func(string)) {
	for m := range s.ch {
		fn(m)
		r.mu.Lock()
		r.delivered++
		r.mu.Unlock()
	}
}

func (r *SafeRegistry) Broadcast(m string) {
	r.mu.Lock()
	subs := make([]*safeSubscriber, 0, len(r.subs))
	for _, s := range r.subs {
		subs = append(subs, s)
	}
	r.mu.Unlock()
	for _, s := range subs {
		s.ch <- m
	}
}
