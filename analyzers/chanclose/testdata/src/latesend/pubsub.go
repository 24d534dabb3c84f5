// Package latesend holds sends on channel fields that another method closes
// (the -latesend sub-check), each beside its safe twin.
package latesend

import "sync"

// ---- one method sends on a field channel while Close closes it, with no
// guard against late senders: a Publish racing with Close panics with
// "send on closed channel".

type Broker struct {
	events chan string
}

func NewBroker() *Broker {
	b := &Broker{events: make(chan string, 64)}
	go b.dispatch()
	return b
}

func (b *Broker) dispatch() {
	for ev := range b.events {
		_ = ev
	}
}

func (b *Broker) Publish(ev string) {
	b.events <- ev // want `send on Broker.events can panic: \(\*Broker\).Close closes it \(line \d+\), and nothing stops a send after the close`
}

func (b *Broker) Close() { close(b.events) }

// Safe twin: Publish tests a flag under the lock that Close sets before
// closing.

type SafeBroker struct {
	mu     sync.RWMutex
	closed bool
	events chan string
}

func NewSafeBroker() *SafeBroker {
	b := &SafeBroker{events: make(chan string, 64)}
	go b.dispatch()
	return b
}

func (b *SafeBroker) dispatch() {
	for ev := range b.events {
		_ = ev
	}
}

func (b *SafeBroker) Publish(ev string) bool {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return false
	}
	b.events <- ev
	return true
}

func (b *SafeBroker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.closed {
		b.closed = true
		close(b.events)
	}
}

// Safe twin: the only sender is the producer goroutine, which owns the
// channel and closes it when it is done; Close waits for it.

type producer struct {
	out  chan int
	quit chan struct{}
	wg   sync.WaitGroup
}

func newProducer() *producer {
	p := &producer{out: make(chan int), quit: make(chan struct{})}
	p.wg.Add(1)
	go p.run()
	return p
}

func (p *producer) run() {
	defer p.wg.Done()
	defer close(p.out)
	for i := 0; ; i++ {
		select {
		case p.out <- i:
		case <-p.quit:
			return
		}
	}
}

func (p *producer) Out() <-chan int { return p.out }

func (p *producer) Close() {
	close(p.quit)
	p.wg.Wait()
}

// Safe twin: Close waits for the sending goroutines before it closes.

type pool struct {
	results chan int
	wg      sync.WaitGroup
}

func newPool(n int) *pool {
	p := &pool{results: make(chan int, n)}
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.work(i)
	}
	return p
}

func (p *pool) work(i int) {
	defer p.wg.Done()
	p.results <- i
}

func (p *pool) Close() {
	p.wg.Wait()
	close(p.results)
}

// Safe twin (go-redis' sticky pool): the sender recovers from the panic of
// a send after Close and hands the value back another way.

type stickyPool struct {
	ch   chan int
	free func(int)
}

func (p *stickyPool) Put(v int) {
	defer func() {
		if recover() != nil {
			p.free(v)
		}
	}()
	p.ch <- v
}

func (p *stickyPool) Close() { close(p.ch) }

// Safe twin (gRPC's unbounded buffer): the send runs only while a backlog
// exists, and Close closes only when there is none, both under the lock.

type unbounded struct {
	mu      sync.Mutex
	c       chan int
	backlog []int
	closing bool
}

func (b *unbounded) Load() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.backlog) > 0 {
		select {
		case b.c <- b.backlog[0]:
			b.backlog = b.backlog[1:]
		default:
		}
	}
}

func (b *unbounded) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closing = true
	if len(b.backlog) == 0 {
		close(b.c)
	}
}
