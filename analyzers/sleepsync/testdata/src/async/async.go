// Package async holds components that do their work on goroutines they
// start themselves, or on time.AfterFunc callbacks.
package async

import (
	"sync"
	"time"
)

// A Server starts its loop in StartAsync.
type Server struct {
	status string
	ready  chan struct{}
}

func NewServer() *Server { return &Server{ready: make(chan struct{})} }

// StartAsync starts the server's loop and returns at once.
func (s *Server) StartAsync() {
	go s.run()
}

func (s *Server) run() {
	s.status = "running"
	close(s.ready)
}

// Ready is closed once the server runs.
func (s *Server) Ready() <-chan struct{} { return s.ready }

// A Debouncer calls its action once the triggers stop for a while.
type Debouncer struct {
	mu    sync.Mutex
	delay time.Duration
	timer *time.Timer
	fired int
	done  chan struct{}
}

func NewDebouncer(d time.Duration) *Debouncer {
	return &Debouncer{delay: d, done: make(chan struct{}, 1)}
}

// Trigger (re)arms the timer.
func (d *Debouncer) Trigger() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil {
		d.timer.Stop()
	}
	d.timer = time.AfterFunc(d.delay, d.fire)
}

func (d *Debouncer) fire() {
	d.mu.Lock()
	d.fired++
	d.mu.Unlock()
	select {
	case d.done <- struct{}{}:
	default:
	}
}

// Fired is a locked getter.
func (d *Debouncer) Fired() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.fired
}

// Done receives a value after each firing.
func (d *Debouncer) Done() <-chan struct{} { return d.done }

// A Store persists messages.
type Store interface {
	Save(msg string) error
}

// A Publisher saves messages on a goroutine of its own.
type Publisher struct {
	store Store
	onErr func(error)
}

func NewPublisher(s Store, onErr func(error)) *Publisher {
	return &Publisher{store: s, onErr: onErr}
}

// Publish saves msg in the background.
func (p *Publisher) Publish(msg string) {
	go func() {
		if err := p.store.Save(msg); err != nil && p.onErr != nil {
			p.onErr(err)
		}
	}()
}

// PublishSync saves msg before returning.
func (p *Publisher) PublishSync(msg string) error {
	return p.store.Save(msg)
}

// A Watcher calls its handler from a goroutine.
type Watcher struct {
	handler func(ev string)
}

func NewWatcher(h func(ev string)) *Watcher { return &Watcher{handler: h} }

// Emit delivers ev asynchronously.
func (w *Watcher) Emit(ev string) {
	go w.handler(ev)
}

// A Follower waits for a heartbeat timeout, then becomes a candidate
// (the shape of hashicorp/raft's runFollower).
type Follower struct {
	mu       sync.Mutex
	state    string
	notify   chan struct{}
	shutdown chan struct{}
}

func NewFollower() *Follower {
	return &Follower{state: "follower", notify: make(chan struct{}, 1), shutdown: make(chan struct{})}
}

func timeout(d time.Duration) <-chan time.Time { return time.After(d) }

func (f *Follower) run() {
	timer := timeout(time.Second)
	for {
		select {
		case <-f.notify:
			timer = time.After(0)
		case <-timer:
			f.setState("candidate")
			return
		case <-f.shutdown:
			return
		}
	}
}

func (f *Follower) setState(s string) {
	f.mu.Lock()
	f.state = s
	f.mu.Unlock()
}

// State is a locked getter.
func (f *Follower) State() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state
}

// asyncNotify never blocks: a buffer of one holds the signal.
func asyncNotify(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// Reload shortens the running timeout.
func (f *Follower) Reload() { asyncNotify(f.notify) }
