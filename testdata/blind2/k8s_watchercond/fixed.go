package watchercond

import (
	"sync"
)

type WatcherFixed struct {
	filter Filter

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []Event
	stopped bool
	lastRV  uint64
}

func NewWatcherFixed(f Filter) *WatcherFixed {
	w := &WatcherFixed{filter: f}
	w.cond = sync.NewCond(&w.mu)
	return w
}

func (w *WatcherFixed) Dispatch(ev Event) {
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

func (w *WatcherFixed) Next() (Event, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for len(w.queue) == 0 && !w.stopped {
		w.cond.Wait()
	}
	if w.stopped {
		return Event{}, ErrWatchStopped
	}
	ev := w.queue[0]
	w.queue = w.queue[1:]
	return ev, nil
}

func (w *WatcherFixed) Stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		return
	}
	w.stopped = true
	w.queue = nil
	w.cond.Broadcast()
}

type InformerFixed struct {
	watcher *WatcherFixed
	workers int
	handler Handler
	wg      sync.WaitGroup
}

func NewInformerFixed(w *WatcherFixed, h Handler, workers int) *InformerFixed {
	return &InformerFixed{watcher: w, handler: h, workers: workers}
}

func (i *InformerFixed) Run() {
	for n := 0; n < i.workers; n++ {
		i.wg.Add(1)
		go i.processLoop()
	}
}

func (i *InformerFixed) processLoop() {
	defer i.wg.Done()
	for {
		ev, err := i.watcher.Next()
		if err != nil {
			return
		}
		i.handler.OnEvent(ev)
	}
}

func (i *InformerFixed) Shutdown() {
	i.watcher.Stop()
	i.wg.Wait()
}
