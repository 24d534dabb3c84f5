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

type Store interface{ Get(k string) (int, error) }

type T struct {
	mu    sync.Mutex
	store Store
	now   func() int64
	name  string
	ch    chan int
}

// Calls into injected collaborators keep the lock held.
func (t *T) get(k string) {
	t.mu.Lock()
	v, _ := t.store.Get(t.name + k)
	_ = t.now()
	t.ch <- v // want `held: t.mu write`
	t.mu.Unlock()
}
