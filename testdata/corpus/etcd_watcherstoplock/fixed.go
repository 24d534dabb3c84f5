package etcd_watcherstoplock

import (
	"sync"
	"time"
)

type watcherFixed struct {
	mu       sync.Mutex
	watchers map[int64]chan string
	stopc    chan struct{}
	donec    chan struct{}
}

func newWatcherFixed() *watcherFixed {
	w := &watcherFixed{watchers: map[int64]chan string{}, stopc: make(chan struct{}), donec: make(chan struct{})}
	go w.run()
	return w
}

func (w *watcherFixed) run() {
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

func (w *watcherFixed) Close() {
	w.mu.Lock()
	close(w.stopc)
	w.mu.Unlock()
	<-w.donec
}
