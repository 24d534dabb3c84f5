// Package kubernetes10182 is the fixed twin of GoKer kernel kubernetes10182, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package kubernetes10182

import "sync"

// Fixed: SetPodStatus releases the status lock before it notifies the
// syncing goroutine, which needs the lock.

type statusManager struct {
	lock sync.RWMutex
	ch   chan bool
}

func (s *statusManager) start() {
	go func() {
		for i := 0; i < 2; i++ {
			<-s.ch
			s.lock.Lock()
			s.lock.Unlock()
		}
	}()
}

func (s *statusManager) setPodStatus() {
	s.lock.Lock()
	s.lock.Unlock()
	s.ch <- true
}

func Run() {
	s := &statusManager{ch: make(chan bool)}
	go s.start()
	go s.setPodStatus()
	go s.setPodStatus()
}
