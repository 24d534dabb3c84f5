// Package cockroach1462 is the fixed twin of GoKer kernel cockroach1462, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package cockroach1462

import "sync"

// Fixed: the worker that produces events stops sending when the stopper
// stops, so Stop's wait for the workers ends.

type stopper struct {
	stopper chan struct{}
	stop    sync.WaitGroup
}

func (s *stopper) runWorker(f func()) {
	s.stop.Add(1)
	go func() {
		defer s.stop.Done()
		f()
	}()
}

func (s *stopper) Stop() {
	close(s.stopper)
	s.stop.Wait()
}

func Run() {
	s := &stopper{stopper: make(chan struct{})}
	events := make(chan int)
	s.runWorker(func() {
		for {
			select {
			case <-s.stopper:
				return
			case events <- 0:
			}
		}
	})
	s.runWorker(func() {
		for {
			select {
			case _, ok := <-events:
				if !ok {
					return
				}
			case <-s.stopper:
				return
			}
		}
	})
	s.Stop()
}
