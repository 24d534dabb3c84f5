package a

import "sync"

// --- wg.Wait under the lock the workers take before Done (grpc shape) ---

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

func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wg.Wait() // want `s.wg.Wait\(\) can block forever while holding s.mu: the s.wg.Done\(\) at line 16 needs s.mu before it can run`
	s.conns = nil
}

func (s *Server) StopFixed() {
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns = nil
}

// --- a worker that can return before locking, but takes the lock on its
// common path: Wait needs every Done, and one goroutine stuck on s.mu is
// enough (silent before issue 11, which asked for "may need" counterparts) ---

type early struct {
	mu    sync.Mutex
	conns map[int]bool
	wg    sync.WaitGroup
}

func (s *early) handle(id int, serve func() bool) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if !serve() {
			return
		}
		s.mu.Lock()
		delete(s.conns, id)
		s.mu.Unlock()
	}()
}

func (s *early) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wg.Wait() // want `s.wg.Wait\(\) can block forever while holding s.mu: the s.wg.Done\(\) at line \d+ runs on a goroutine that may need s.mu first`
}

// --- Done before the lock: silent ---

type doneFirst struct {
	mu    sync.Mutex
	conns map[int]bool
	wg    sync.WaitGroup
}

func (s *doneFirst) handle(id int) {
	s.wg.Add(1)
	go func() {
		s.wg.Done()
		s.mu.Lock()
		delete(s.conns, id)
		s.mu.Unlock()
	}()
}

func (s *doneFirst) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wg.Wait()
}
