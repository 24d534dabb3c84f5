// Package docker_earlyreturn models a Moby/Docker bug where an error path
// returns while the store lock is still held: the next caller of any store
// method blocks forever (missing unlock on an early return).
package docker_earlyreturn

import (
	"errors"
	"sync"
)

var ErrNotFound = errors.New("image not found")

type Image struct {
	ID     string
	Parent string
	Refs   int
}

type imageStore struct {
	mu     sync.Mutex
	images map[string]*Image
}

// Release drops a reference to id and its parent.
func (s *imageStore) Release(id string) error {
	s.mu.Lock() // WANT(missingunlock)
	img, ok := s.images[id]
	if !ok {
		return ErrNotFound // WANT(missingunlock)
	}
	img.Refs--
	if img.Refs == 0 {
		delete(s.images, id)
	}
	s.mu.Unlock()
	return nil
}
