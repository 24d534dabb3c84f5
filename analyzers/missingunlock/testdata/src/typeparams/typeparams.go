package typeparams

import (
	"errors"
	"sync"
)

type Set[T comparable] struct {
	mu sync.Mutex
	m  map[T]bool
}

func (s *Set[T]) Add(v T) error {
	s.mu.Lock()
	if s.m[v] {
		return errors.New("dup") // want `s.mu is still locked at this return`
	}
	s.m[v] = true
	s.mu.Unlock()
	return nil
}

func (s *Set[T]) AddSafe(v T) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m[v] {
		return errors.New("dup")
	}
	s.m[v] = true
	return nil
}
