package xa

import "sync"

type Store struct {
	mu sync.Mutex
	n  int
}

// Lock is a lock helper: it returns holding s.mu.
func (s *Store) Lock() { s.mu.Lock() }

// Unlock releases the lock its caller holds.
func (s *Store) Unlock() { s.mu.Unlock() }
