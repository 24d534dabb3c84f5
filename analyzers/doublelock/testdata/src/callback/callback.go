// Package callback: a visitor callback that takes the lock its caller
// already holds while the visitor runs it.
package callback

import "sync"

type Store struct {
	mu    sync.Mutex
	items map[string]int
}

// Range calls fn for every item, with s.mu held.
func (s *Store) Range(fn func(k string, v int)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range s.items {
		fn(k, v)
	}
}

type Server struct {
	mu    sync.Mutex
	store *Store
	total int
}

func (s *Server) add(v int) {
	s.mu.Lock()
	s.total += v
	s.mu.Unlock()
}

// Bad: the callback locks s.mu, which Recount holds while Range runs it.
func (s *Server) Recount() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.total = 0
	s.store.Range(func(k string, v int) { // want `the callback passed to \(\*Store\).Range acquires s.mu, which is already held here \(write\): \(\*Store\).Range calls it at callback.go:\d+ → \(\*Server\).add → Lock at callback.go:\d+`
		s.add(v)
	})
}

// Safe twin: the callback updates the total directly.
func (s *Server) RecountSafe() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.total = 0
	s.store.Range(func(k string, v int) {
		s.total += v
	})
}

// Safe: the caller does not hold s.mu.
func (s *Server) RecountUnlocked() {
	s.store.Range(func(k string, v int) {
		s.add(v)
	})
}

// Bad: a method value as the callback.
func (s *Server) observe(k string, v int) { s.add(v) }

func (s *Server) Observe() {
	s.mu.Lock()
	s.store.Range(s.observe) // want `the callback passed to \(\*Store\).Range acquires s.mu`
	s.mu.Unlock()
}

// Safe: Snapshot calls its callback after unlocking.
func (st *Store) Snapshot(fn func(map[string]int)) {
	st.mu.Lock()
	m := make(map[string]int, len(st.items))
	for k, v := range st.items {
		m[k] = v
	}
	st.mu.Unlock()
	fn(m)
}

func (s *Server) Reload() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.store.Snapshot(func(m map[string]int) {
		for _, v := range m {
			s.total += v
		}
	})
}
