// Package spawnwrite: the spawner writes, after the go statement, memory
// the goroutine reads (shapes from service constructors that start a
// background loop and then finish configuring the object).
package spawnwrite

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"
)

// --- bad: the spawner still configures the object its goroutine reads ---

// Poller's constructor starts the loop, then sets the interval the loop
// reads to make its ticker.
type Poller struct {
	interval time.Duration
	stop     chan struct{}
}

func StartPoller(d time.Duration) *Poller {
	p := &Poller{stop: make(chan struct{})}
	go p.loop()
	p.interval = d // want `p.interval is written here while the goroutine started at line \d+ may be reading it \(line \d+\): data race`
	return p
}

func (p *Poller) loop() {
	t := time.NewTicker(p.interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-p.stop:
			return
		}
	}
}

func (p *Poller) Stop() { close(p.stop) }

// Server records its address after starting to serve; serve logs it.
// SetName is the same race without the interface call in between.
type Server struct {
	addr string
	ln   net.Listener
}

func (s *Server) Start(ln net.Listener) {
	s.ln = ln
	go s.serve()
	// Known miss: ln.Addr is an interface call, which the happens-before
	// model counts as a possible wait on the spawner's side.
	s.addr = ln.Addr().String()
}

func (s *Server) StartNamed(ln net.Listener, name string) {
	s.ln = ln
	go s.serve()
	s.addr = name // want `s.addr is written here while the goroutine started at line \d+`
}

func (s *Server) serve() {
	fmt.Println("serving on", s.addr)
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		c.Close()
	}
}

// A captured setting changed after the goroutine started.
func retryLater(f func()) {
	delay := time.Second
	go func() {
		time.Sleep(delay)
		f()
	}()
	delay = 2 * time.Second // want `delay is written here while the goroutine started at line \d+`
	_ = delay
}

// The worker reads a field of a struct value captured by the closure.
type job struct {
	name  string
	retry int
}

func runJob() {
	j := job{name: "sync"}
	go func() {
		fmt.Println(j.name, j.retry)
	}()
	j.retry = 3 // want `j.retry is written here while the goroutine started at line \d+`
}

// --- safe twins ---

// Configured before the goroutine starts.
func StartPollerSafe(d time.Duration) *Poller {
	p := &Poller{stop: make(chan struct{}), interval: d}
	go p.loop()
	return p
}

// The goroutine waits until the spawner has finished configuring.
type Gated struct {
	addr  string
	ready chan struct{}
}

func (g *Gated) Start(addr string) {
	g.ready = make(chan struct{})
	go g.serve()
	g.addr = addr
	close(g.ready)
}

func (g *Gated) serve() {
	<-g.ready
	fmt.Println(g.addr)
}

// Both sides hold the lock.
type Locked struct {
	mu    sync.Mutex
	limit int
}

func (l *Locked) Start() {
	go l.run()
	l.mu.Lock()
	l.limit = 10
	l.mu.Unlock()
}

func (l *Locked) run() {
	l.mu.Lock()
	fmt.Println(l.limit)
	l.mu.Unlock()
}

// The spawner waits for the goroutine before writing.
func waitThenWrite() {
	n := 1
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		fmt.Println(n)
	}()
	wg.Wait()
	n = 2
	_ = n
}

// The goroutine reads fields the spawner does not write afterwards.
type Tracked struct {
	name    string
	started time.Time
}

func (t *Tracked) Start() {
	go t.report()
	t.started = time.Now()
}

func (t *Tracked) report() { fmt.Println(t.name) }

// Go 1.22 loop variables: a fresh variable per iteration.
func perIteration(names []string) {
	for i := 0; i < len(names); i++ {
		go func() {
			fmt.Println(names[i])
		}()
	}
}

// Each iteration declares its own variable.
func perIterationDecl(names []string) {
	for _, n := range names {
		name := n
		go func() {
			fmt.Println(name)
		}()
	}
}

// Retry loop: the next attempt's server is assigned only after the
// goroutine reported its failure (net/http's serve tests).
func retryServe(addrs []string, start func(*Tracked) error) *Tracked {
	var s *Tracked
	for _, a := range addrs {
		s = &Tracked{name: a}
		errc := make(chan error, 1)
		go func() { errc <- start(s) }()
		select {
		case err := <-errc:
			fmt.Println(err)
			continue
		case <-time.After(time.Second):
		}
		break
	}
	return s
}

// The goroutine hands its context to code the model cannot see, and the
// test waits until the server has seen the request before it reuses the
// variable (grpc's RLS picker tests).
type caller interface {
	Call(ctx context.Context) error
}

func pendingThenRetry(c caller, seen <-chan struct{}) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	go func() {
		c.Call(ctx)
	}()
	<-seen
	ctx, cancel = context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	c.Call(ctx)
}

// The callers hold the lock the timer's callback takes (nats-server's
// MQTT session manager): "lock held on entry".
type flappers struct {
	mu    sync.Mutex
	seen  map[string]time.Time
	timer *time.Timer
}

// addLocked is called with f.mu held.
func (f *flappers) addLocked(id string) {
	f.seen[id] = time.Now()
	if f.timer == nil {
		f.timer = time.AfterFunc(time.Minute, func() {
			f.mu.Lock()
			defer f.mu.Unlock()
			if f.timer == nil {
				return
			}
			f.timer.Reset(time.Minute)
		})
	}
}

func (f *flappers) Add(id string) {
	f.mu.Lock()
	f.addLocked(id)
	f.mu.Unlock()
}

// The classic timer race: the callback reads the variable the spawner
// assigns the timer to, with nothing ordering the two.
type debouncer struct {
	timer *time.Timer
	fire  func()
}

func (d *debouncer) Trigger() {
	d.timer = time.AfterFunc(10*time.Millisecond, func() { // want `d.timer is written here while the goroutine started at line \d+ may be reading it`
		d.fire()
		d.timer.Stop()
	})
}
