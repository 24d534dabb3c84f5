// Package watchercond models a watch cache whose consumers call Next, which
// waits on a sync.Cond until an event is queued or the watcher is stopped.
// Stop sets the stopped flag under the lock but wakes waiters with Signal, so
// when several goroutines are parked in Next only one of them observes the
// stop and the rest stay blocked in Wait forever.
package watchercond

import (
	"errors"
	"sync"
)

var ErrWatchStopped = errors.New("watch: watcher stopped")

type EventType string

const (
	Added    EventType = "ADDED"
	Modified EventType = "MODIFIED"
	Deleted  EventType = "DELETED"
)

type Object struct {
	Kind            string
	Namespace, Name string
	ResourceVersion uint64
}

type Event struct {
	Type   EventType
	Object Object
}

type Filter func(Event) bool

type Watcher struct {
	filter Filter

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []Event
	stopped bool
	lastRV  uint64
}

func NewWatcher(f Filter) *Watcher {
	w := &Watcher{filter: f}
	w.cond = sync.NewCond(&w.mu)
	return w
}

func (w *Watcher) Dispatch(ev Event) {
	if w.filter != nil && !w.filter(ev) {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped || ev.Object.ResourceVersion <= w.lastRV {
		return
	}
	w.lastRV = ev.Object.ResourceVersion
	w.queue = append(w.queue, ev)
	w.cond.Signal()
}

func (w *Watcher) Next() (Event, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for len(w.queue) == 0 && !w.stopped {
		w.cond.Wait() // WANT(goroutineleak)
	}
	if w.stopped {
		return Event{}, ErrWatchStopped
	}
	ev := w.queue[0]
	w.queue = w.queue[1:]
	return ev, nil
}

func (w *Watcher) Stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		return
	}
	w.stopped = true
	w.queue = nil
	w.cond.Signal()
}

type Handler interface {
	OnEvent(Event)
}

type Informer struct {
	watcher *Watcher
	workers int
	handler Handler
	wg      sync.WaitGroup
}

func NewInformer(w *Watcher, h Handler, workers int) *Informer {
	return &Informer{watcher: w, handler: h, workers: workers}
}

func (i *Informer) Run() {
	for n := 0; n < i.workers; n++ {
		i.wg.Add(1)
		go i.processLoop()
	}
}

func (i *Informer) processLoop() {
	defer i.wg.Done()
	for {
		ev, err := i.watcher.Next()
		if err != nil {
			return
		}
		i.handler.OnEvent(ev)
	}
}

func (i *Informer) Shutdown() {
	i.watcher.Stop()
	i.wg.Wait()
}
