package xa

import "sync"

type Store struct {
	mu sync.Mutex
	n  int
}

func (s *Store) Add(d int) { // want Add:`lock:acquires\(p0.mu write must\)`
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n += d
}

func (s *Store) Lock() { // want Lock:`lock:acquires\(p0.mu write must\) returns-holding\(p0.mu write\)`
	s.mu.Lock()
}

func (s *Store) Unlock() { // want Unlock:`lock:requires\(p0.mu\) releases\(p0.mu\)`
	s.mu.Unlock()
}

func (s *Store) AddLocked(d int) { s.n += d }

// Each calls fn with s.mu held.
func (s *Store) Each(fn func(n int)) { // want Each:`lock:acquires\(p0.mu write must\) callback\(p1 held\[xa.Store.mu write\]\)`
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s.n)
}
