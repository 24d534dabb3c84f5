// Package grpc_waitunderlock models a gRPC-Go style shutdown deadlock: the
// server holds its mutex while waiting for the connection handlers to finish,
// but each handler takes the server mutex to remove itself from the
// connection set before calling Done.
package grpc_waitunderlock

import "sync"

type Server struct {
	mu    sync.Mutex
	conns map[int]bool
	wg    sync.WaitGroup
}

func (s *Server) handle(id int, serve func()) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		serve()
		s.mu.Lock()
		delete(s.conns, id)
		s.mu.Unlock()
	}()
}

// Stop waits for the handlers while holding s.mu.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wg.Wait() // WANT(chanlock)
	s.conns = nil
}
