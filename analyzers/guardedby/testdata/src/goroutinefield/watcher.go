package goroutinefield

import (
	"sync"
	"sync/atomic"
	"time"
)

type State int

const (
	Idle State = iota
	Ready
	Failed
)

// A watcher goroutine storing the latest error and state, read by getters.
type Watcher struct {
	path    string
	stop    chan struct{}
	state   State
	lastErr error
}

func NewWatcher(path string) *Watcher {
	w := &Watcher{path: path, stop: make(chan struct{})}
	go w.run()
	return w
}

func (w *Watcher) run() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
		}
		if err := check(w.path); err != nil {
			w.lastErr = err  // want `w.lastErr is assigned by the goroutine started at watcher.go:\d+ and read by LastError without synchronization`
			w.state = Failed // want `w.state is assigned by the goroutine started at watcher.go:\d+ and read by State without synchronization`
			continue
		}
		w.state = Ready
	}
}

func (w *Watcher) State() State     { return w.state }
func (w *Watcher) LastError() error { return w.lastErr }

func check(string) error { return nil }

// The same with a closure started by Start.
type Probe struct {
	healthy bool
}

func (p *Probe) Start(target string) {
	go func() {
		for {
			p.healthy = check(target) == nil // want `p.healthy is assigned by the goroutine started at watcher.go:\d+ and read by Healthy without synchronization`
			time.Sleep(time.Second)
		}
	}()
}

func (p *Probe) Healthy() bool { return p.healthy }

// Safe twin: an atomic.Pointer and an atomic.Int32.
type atomicWatcher struct {
	path    string
	state   atomic.Int32
	lastErr atomic.Pointer[error]
}

func newAtomicWatcher(path string) *atomicWatcher {
	w := &atomicWatcher{path: path}
	go w.run()
	return w
}

func (w *atomicWatcher) run() {
	for {
		if err := check(w.path); err != nil {
			w.lastErr.Store(&err)
			w.state.Store(int32(Failed))
		}
		time.Sleep(time.Second)
	}
}

func (w *atomicWatcher) State() State { return State(w.state.Load()) }
func (w *atomicWatcher) LastError() error {
	if p := w.lastErr.Load(); p != nil {
		return *p
	}
	return nil
}

// Safe twin: the fields are only touched inside the goroutine (a run
// loop's private state); others get the state through a channel.
type confinedWatcher struct {
	path     string
	failures int
	last     State
	queries  chan chan State
}

func newConfinedWatcher(path string) *confinedWatcher {
	w := &confinedWatcher{path: path, queries: make(chan chan State)}
	go w.run()
	return w
}

func (w *confinedWatcher) run() {
	t := time.NewTicker(time.Second)
	for {
		select {
		case <-t.C:
			if check(w.path) != nil {
				w.failures++
				w.last = Failed
			} else {
				w.last = Ready
			}
		case q := <-w.queries:
			q <- w.report()
		}
	}
}

func (w *confinedWatcher) report() State {
	if w.failures > 3 {
		return Failed
	}
	return w.last
}

func (w *confinedWatcher) State() State {
	q := make(chan State)
	w.queries <- q
	return <-q
}

// Safe twin: a mutex on both sides, an RWMutex.
type lockedWatcher struct {
	mu    sync.RWMutex
	state State
}

func (w *lockedWatcher) Start() {
	go func() {
		for {
			s := Ready
			w.mu.Lock()
			w.state = s
			w.mu.Unlock()
			time.Sleep(time.Second)
		}
	}()
}

func (w *lockedWatcher) State() State {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.state
}
