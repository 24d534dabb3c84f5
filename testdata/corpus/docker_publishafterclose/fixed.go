package docker_publishafterclose

import "sync"

type publisherFixed struct {
	mu     sync.RWMutex
	closed bool
	events chan string
	subs   []func(string)
}

func newPublisherFixed(subs []func(string)) *publisherFixed {
	p := &publisherFixed{events: make(chan string, 100), subs: subs}
	go p.loop()
	return p
}

func (p *publisherFixed) loop() {
	for ev := range p.events {
		for _, s := range p.subs {
			s(ev)
		}
	}
}

func (p *publisherFixed) Publish(ev string) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return
	}
	p.events <- ev
}

func (p *publisherFixed) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		close(p.events)
	}
}
