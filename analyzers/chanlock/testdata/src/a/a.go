package a

import "sync"

// --- send under lock (docker shape) ---

type eventsLog struct {
	mu     sync.Mutex
	events []string
	pub    chan string
}

func newEventsLog() *eventsLog { return &eventsLog{pub: make(chan string)} }

func (l *eventsLog) Log(ev string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, ev)
	l.pub <- ev // want `send on l.pub can block forever while holding l.mu: the receiver at line 35 needs l.mu before it can receive`
}

// LogReleased releases the lock before sending: safe.
func (l *eventsLog) LogReleased(ev string) {
	l.mu.Lock()
	l.events = append(l.events, ev)
	l.mu.Unlock()
	l.pub <- ev
}

func (l *eventsLog) publish(out func(string, int)) {
	for {
		l.mu.Lock()
		n := len(l.events)
		l.mu.Unlock()
		ev := <-l.pub
		out(ev, n)
	}
}

// --- the receiver receives first, then locks: silent ---

type consumerFirst struct {
	mu  sync.Mutex
	n   int
	pub chan int
}

func newConsumerFirst() *consumerFirst { return &consumerFirst{pub: make(chan int)} }

func (c *consumerFirst) Put(v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pub <- v
}

func (c *consumerFirst) run() {
	for v := range c.pub {
		c.mu.Lock()
		c.n += v
		c.mu.Unlock()
	}
}

// --- buffered channel: silent ---

type buffered struct {
	mu  sync.Mutex
	n   int
	pub chan int
}

func newBuffered() *buffered { return &buffered{pub: make(chan int, 1)} }

func (b *buffered) Put(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pub <- v
}

func (b *buffered) run() {
	for {
		b.mu.Lock()
		b.n++
		b.mu.Unlock()
		<-b.pub
	}
}

// --- select with a default: silent ---

type selecting struct {
	mu  sync.Mutex
	n   int
	pub chan int
}

func (s *selecting) Put(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case s.pub <- v:
	default:
	}
}

func (s *selecting) run() {
	for {
		s.mu.Lock()
		s.n++
		s.mu.Unlock()
		<-s.pub
	}
}

// --- a single-case select without default blocks like a plain send ---

type selectOne struct {
	mu  sync.Mutex
	n   int
	pub chan int
}

func (s *selectOne) Put(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case s.pub <- v: // want `send on s.pub can block forever while holding s.mu`
	}
}

func (s *selectOne) run() {
	for {
		s.mu.Lock()
		s.n++
		s.mu.Unlock()
		<-s.pub
	}
}

// --- receive under lock (kubernetes shape) ---

type controller struct {
	mu      sync.Mutex
	synced  bool
	ack     chan struct{}
	pending []string
}

func (c *controller) worker() {
	for {
		c.mu.Lock()
		c.pending = c.pending[:0]
		c.mu.Unlock()
		c.ack <- struct{}{}
	}
}

func (c *controller) WaitForSync() {
	c.mu.Lock()
	defer c.mu.Unlock()
	<-c.ack // want `receive from c.ack can block forever while holding c.mu: the sender at line 154 needs c.mu before it can send or close`
	c.synced = true
}

func (c *controller) WaitForSyncFixed() {
	<-c.ack
	c.mu.Lock()
	c.synced = true
	c.mu.Unlock()
}

// --- a second sender that does not need the lock: silent ---

type twoSenders struct {
	mu   sync.Mutex
	n    int
	done chan struct{}
}

func (t *twoSenders) a() {
	t.mu.Lock()
	t.n++
	t.mu.Unlock()
	close(t.done)
}

func (t *twoSenders) b() {
	t.done <- struct{}{}
}

func (t *twoSenders) Wait() {
	t.mu.Lock()
	defer t.mu.Unlock()
	<-t.done
}

// --- the counterpart sends while holding the lock (and a closer that
// locks through a helper): reported ---

type held struct {
	mu   sync.Mutex
	n    int
	done chan struct{}
}

func (h *held) lockAndCount() {
	h.mu.Lock()
	h.n++
	h.mu.Unlock()
}

func (h *held) signal() {
	h.mu.Lock()
	h.done <- struct{}{} // want `send on h.done can block forever while holding h.mu: the receiver at line 226 needs h.mu`
	h.mu.Unlock()
}

func (h *held) finish() {
	h.lockAndCount()
	close(h.done)
}

func (h *held) Wait() {
	h.mu.Lock()
	defer h.mu.Unlock()
	<-h.done // want `every sender \(line 214, line 220\) needs h.mu`
}

// --- RLock on both sides: silent; RLock against Lock: reported ---

type rw struct {
	mu  sync.RWMutex
	n   int
	pub chan int
}

func (r *rw) Get() {
	r.mu.RLock()
	defer r.mu.RUnlock()
	r.pub <- r.n
}

func (r *rw) run() {
	for {
		r.mu.RLock()
		_ = r.n
		r.mu.RUnlock()
		<-r.pub
	}
}

type rwWriter struct {
	mu  sync.RWMutex
	n   int
	pub chan int
}

func (r *rwWriter) Get() {
	r.mu.RLock()
	defer r.mu.RUnlock()
	r.pub <- r.n // want `send on r.pub can block forever while holding r.mu`
}

func (r *rwWriter) run() {
	for {
		r.mu.Lock()
		r.n++
		r.mu.Unlock()
		<-r.pub
	}
}

// --- different instances: the lock is another object's: silent ---

type node struct {
	mu     sync.Mutex
	parent *node
	n      int
	pub    chan int
}

func (n *node) Put(v int) {
	n.parent.mu.Lock()
	defer n.parent.mu.Unlock()
	n.pub <- v
}

func (n *node) run() {
	for {
		n.mu.Lock()
		n.n++
		n.mu.Unlock()
		<-n.pub
	}
}

// --- the channel escapes: silent ---

type escaping struct {
	mu  sync.Mutex
	n   int
	pub chan int
}

func (e *escaping) Put(v int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.pub <- v
}

func (e *escaping) run() {
	for {
		e.mu.Lock()
		e.n++
		e.mu.Unlock()
		<-e.pub
	}
}

func (e *escaping) Chan() <-chan int { return e.pub }

// --- a global lock ---

var gmu sync.Mutex

type global struct {
	n   int
	pub chan int
}

func (g *global) Put(v int) {
	gmu.Lock()
	defer gmu.Unlock()
	g.pub <- v // want `send on g.pub can block forever while holding gmu`
}

func (g *global) run() {
	for {
		gmu.Lock()
		g.n++
		gmu.Unlock()
		<-g.pub
	}
}
