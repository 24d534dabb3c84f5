package nocalls

import (
	"sync"
	"testing"
)

// Goroutines that report failures the allowed way, and a fatal call in the
// test's own goroutine: SA2002 cannot report, so no IR is built.

type server struct{ errs chan error }

func (s *server) serve() { s.errs <- nil }

func goroutinesThatError(t *testing.T) {
	var wg sync.WaitGroup
	s := &server{errs: make(chan error, 1)}
	wg.Add(2)
	go func() {
		defer wg.Done()
		t.Error("reported, not fatal")
		func() { t.Log("nested") }()
	}()
	go func() {
		defer wg.Done()
		s.serve()
	}()
	go s.serve()
	go helper(t)
	wg.Wait()
	if err := <-s.errs; err != nil {
		t.Fatal(err)
	}
}

func helper(t *testing.T) { t.Log("helper") }

// Deferred calls of function values that cannot be a lock's method
// expression: a cleanup func() and a func(error).
func deferredCleanups(mu *sync.Mutex, cleanup func(), report func(error)) {
	mu.Lock()
	defer cleanup()
	defer report(nil)
	defer mu.Unlock()
}
