package server

import (
	"context"
	"sync"
)

// Warm looks every key up once, in parallel, to fill the backend's cache,
// and returns one of the errors.
func (s *Server) Warm(ctx context.Context, keys []string) error {
	var firstErr error
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.backend.Lookup(ctx, k); err != nil {
				firstErr = err // WRONG(capturerace): every goroutine of the loop writes firstErr, with no lock: a data race
			}
		}()
	}
	wg.Wait()
	return firstErr
}

// WarmSafe is Warm done right.
// RIGHT: a mutex orders the goroutines' writes to firstErr.
func (s *Server) WarmSafe(ctx context.Context, keys []string) error {
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.backend.Lookup(ctx, k); err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return firstErr
}
