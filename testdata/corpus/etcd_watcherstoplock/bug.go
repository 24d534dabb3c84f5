// Package etcd_watcherstoplock models a watcher shutdown deadlock of the
// kind reported against etcd's client watchers: Close holds the watcher's
// mutex while it waits for the run goroutine to finish, and the run
// goroutine takes that mutex on its way out, before its deferred
// close(donec).
package etcd_watcherstoplock

import (
	"sync"
	"time"
)

type watcher struct {
	mu       sync.Mutex
	watchers map[int64]chan string
	stopc    chan struct{}
	donec    chan struct{}
}

func newWatcher() *watcher {
	w := &watcher{watchers: map[int64]chan string{}, stopc: make(chan struct{}), donec: make(chan struct{})}
	go w.run()
	return w
}

func (w *watcher) run() {
	defer close(w.donec)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-w.stopc:
			w.mu.Lock()
			for id, ch := range w.watchers {
				close(ch)
				delete(w.watchers, id)
			}
			w.mu.Unlock()
			return
		}
	}
}

func (w *watcher) Close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	close(w.stopc)
	<-w.donec // WANT(chanlock)
}
