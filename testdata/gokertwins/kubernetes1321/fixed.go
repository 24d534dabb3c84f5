// Package kubernetes1321 is the fixed twin of GoKer kernel kubernetes1321, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package kubernetes1321

import "sync"

// Fixed: a watcher has a stop channel the distributor selects on, so
// stopping a watcher no longer needs the lock the distributor holds while
// it sends.

type watcher struct {
	result chan struct{}
	stop   chan struct{}
	id     int
}

type mux struct {
	lock     sync.Mutex
	watchers map[int]*watcher
}

func (m *mux) distribute() {
	m.lock.Lock()
	defer m.lock.Unlock()
	for _, w := range m.watchers {
		select {
		case w.result <- struct{}{}:
		case <-w.stop:
		}
	}
}

func (m *mux) stopWatching(w *watcher) {
	close(w.stop)
	m.lock.Lock()
	defer m.lock.Unlock()
	delete(m.watchers, w.id)
}

func Run() {
	m := &mux{watchers: map[int]*watcher{}}
	w := &watcher{result: make(chan struct{}), stop: make(chan struct{})}
	m.watchers[w.id] = w
	go func() {
		for i := 0; i < 2; i++ {
			m.distribute()
		}
	}()
	m.stopWatching(w)
}
