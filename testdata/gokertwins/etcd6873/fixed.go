// Package etcd6873 is the fixed twin of GoKer kernel etcd6873, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package etcd6873

import "sync"

// Fixed: stop closes the update channel under the lock and waits for the
// coalescing goroutine after releasing it.

type broadcasts struct {
	mu      sync.Mutex
	updatec chan int
	donec   chan struct{}
}

func newBroadcasts() *broadcasts {
	b := &broadcasts{updatec: make(chan int, 1), donec: make(chan struct{})}
	go func() {
		defer close(b.donec)
		for u := range b.updatec {
			b.coalesce(u)
		}
	}()
	return b
}

func (b *broadcasts) coalesce(int) {
	b.mu.Lock()
	b.mu.Unlock()
}

func (b *broadcasts) stop() {
	b.mu.Lock()
	close(b.updatec)
	b.mu.Unlock()
	<-b.donec
}

func (b *broadcasts) update(u int) {
	select {
	case b.updatec <- u:
	default:
	}
}

func Run() {
	b := newBroadcasts()
	b.update(1)
	go b.stop()
}
