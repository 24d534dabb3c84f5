package grpc_waitunderlock

// StopFixed waits before taking the lock.
func (s *Server) StopFixed() {
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns = nil
}
