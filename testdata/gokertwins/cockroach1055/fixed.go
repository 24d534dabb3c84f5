// Package cockroach1055 is the fixed twin of GoKer kernel cockroach1055, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package cockroach1055

import "sync"

// Fixed: Stop marks the stopper draining under the lock but waits for the
// tasks without holding it, and every task that starts also finishes.

type stopper struct {
	stopper  chan struct{}
	stop     sync.WaitGroup
	mu       sync.Mutex
	draining bool
	drain    sync.WaitGroup
}

func (s *stopper) startTask() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.draining {
		return false
	}
	s.drain.Add(1)
	return true
}

func (s *stopper) finishTask() { s.drain.Done() }

func (s *stopper) quiesce() {
	s.mu.Lock()
	s.draining = true
	s.mu.Unlock()
	s.drain.Wait()
}

func (s *stopper) Stop() {
	s.quiesce()
	close(s.stopper)
	s.stop.Wait()
}

func Run() {
	stoppers := []*stopper{{stopper: make(chan struct{})}, {stopper: make(chan struct{})}}
	for _, s := range stoppers {
		s.stop.Add(1)
		go func() {
			defer s.stop.Done()
			if s.startTask() {
				s.finishTask()
			}
			<-s.stopper
		}()
	}
	done := make(chan struct{})
	go func() {
		for _, s := range stoppers {
			s.Stop()
		}
		close(done)
	}()
	<-done
}
