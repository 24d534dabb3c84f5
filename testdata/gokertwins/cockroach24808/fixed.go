// Package cockroach24808 is the fixed twin of GoKer kernel cockroach24808, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package cockroach24808

import "sync"

// Fixed: Start's notification does not block when one is already pending.

type compactor struct{ ch chan struct{} }

func (c *compactor) start(stop chan struct{}, wg *sync.WaitGroup) {
	select {
	case c.ch <- struct{}{}:
	default:
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			case <-c.ch:
			}
		}
	}()
}

func Run() {
	var wg sync.WaitGroup
	stop := make(chan struct{})
	c := &compactor{ch: make(chan struct{}, 1)}
	c.ch <- struct{}{}
	c.start(stop, &wg)
	close(stop)
	wg.Wait()
}
