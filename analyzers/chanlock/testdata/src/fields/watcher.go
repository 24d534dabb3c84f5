package fields

import (
	"errors"
	"sync"
	"time"
)

// ---- a watcher that takes the lock on its way to the deferred
// close(done): Stop waits for done while holding the lock.

type Watcher struct {
	mu     sync.Mutex
	closed bool
	quit   chan struct{}
	done   chan struct{}
	path   string
}

func NewWatcher(path string) *Watcher {
	w := &Watcher{quit: make(chan struct{}), done: make(chan struct{}), path: path}
	go w.run()
	return w
}

func (w *Watcher) poll() error {
	if w.path == "" {
		return errors.New("no path")
	}
	return nil
}

func (w *Watcher) run() {
	defer close(w.done)
	for {
		select {
		case <-w.quit:
			w.mu.Lock()
			w.closed = true
			w.mu.Unlock()
			return
		case <-time.After(time.Second):
			if err := w.poll(); err != nil {
				return
			}
		}
	}
}

func (w *Watcher) Stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	close(w.quit)
	<-w.done // want `receive from w.done can block forever while holding w.mu: the sender at line \d+ is the only one, and it may need w.mu first`
}

// Safe twin: Stop releases the lock before waiting.

type SafeWatcher struct {
	mu     sync.Mutex
	closed bool
	quit   chan struct{}
	done   chan struct{}
}

func NewSafeWatcher() *SafeWatcher {
	w := &SafeWatcher{quit: make(chan struct{}), done: make(chan struct{})}
	go w.run()
	return w
}

func (w *SafeWatcher) run() {
	defer close(w.done)
	for {
		select {
		case <-w.quit:
			w.mu.Lock()
			w.closed = true
			w.mu.Unlock()
			return
		case <-time.After(time.Second):
		}
	}
}

func (w *SafeWatcher) Stop() {
	w.mu.Lock()
	close(w.quit)
	w.mu.Unlock()
	<-w.done
}

// ---- a select whose other case cannot fire while the lock is held: done
// is closed only by Close, which takes the lock first.

type dispatcher struct {
	mu   sync.Mutex
	n    int
	jobs chan int
	done chan struct{}
}

func newDispatcher() *dispatcher {
	d := &dispatcher{jobs: make(chan int), done: make(chan struct{})}
	go d.run()
	return d
}

func (d *dispatcher) run() {
	for {
		select {
		case j := <-d.jobs:
			d.mu.Lock()
			d.n += j
			d.mu.Unlock()
		case <-d.done:
			return
		}
	}
}

func (d *dispatcher) Submit(j int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	select {
	case d.jobs <- j: // want `send on d.jobs can block forever while holding d.mu: the receiver at line \d+ is the only one, and it may need d.mu first`
	case <-d.done:
	}
}

func (d *dispatcher) Close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	close(d.done)
}

// Safe twin: Close does not take the lock, so done is a way out.

type safeDispatcher struct {
	mu   sync.Mutex
	n    int
	jobs chan int
	done chan struct{}
	once sync.Once
}

func newSafeDispatcher() *safeDispatcher {
	d := &safeDispatcher{jobs: make(chan int), done: make(chan struct{})}
	go d.run()
	return d
}

func (d *safeDispatcher) run() {
	for {
		select {
		case j := <-d.jobs:
			d.mu.Lock()
			d.n += j
			d.mu.Unlock()
		case <-d.done:
			return
		}
	}
}

func (d *safeDispatcher) Submit(j int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	select {
	case d.jobs <- j:
	case <-d.done:
	}
}

func (d *safeDispatcher) Close() { d.once.Do(func() { close(d.done) }) }
