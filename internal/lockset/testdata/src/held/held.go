package held

import "sync"

type S struct {
	mu sync.Mutex
	rw sync.RWMutex
	ch chan int
}

func (s *S) lock() { s.mu.Lock() }

func (s *S) send(c bool) {
	s.ch <- 0 // want `held: none`
	s.mu.Lock()
	s.ch <- 1 // want `held: s.mu write`
	s.rw.RLock()
	s.ch <- 2 // want `held: s.mu write, s.rw read`
	s.rw.RUnlock()
	if c {
		s.mu.Unlock()
	}
	s.ch <- 3 // want `held: none`
	if !c {
		s.mu.Unlock()
	}
	s.lock()
	defer s.mu.Unlock()
	s.ch <- 4 // want `held: s.mu write`
}
