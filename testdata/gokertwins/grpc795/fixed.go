// Package grpc795 is the fixed twin of GoKer kernel grpc795, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package grpc795

import "sync"

// Fixed: the second GracefulStop unlocks instead of locking again.

type server struct {
	mu    sync.Mutex
	drain bool
}

func (s *server) gracefulStop() {
	s.mu.Lock()
	if s.drain {
		s.mu.Unlock()
		return
	}
	s.drain = true
	s.mu.Unlock()
}

func (s *server) serve() {
	s.mu.Lock()
	s.mu.Unlock()
}

func Run() {
	s := &server{}
	go s.serve()
	for i := 0; i < 3; i++ {
		s.gracefulStop()
	}
}
