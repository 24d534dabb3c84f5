// Package modcache holds shapes from third-party modules that were
// reported falsely (docs/evaluation/modcache.md); every function here must
// stay silent, except the marked twins that keep the real bugs reported.
package modcache

import (
	"errors"
	"sync"
	"time"
)

type S struct {
	mu sync.Mutex
	n  int
}

// relock unlocks the caller's lock and takes it back before returning.
func (s *S) relock() {
	s.mu.Unlock()
	time.Sleep(time.Millisecond)
	s.mu.Lock()
}

// wrap reaches relock through one more call (nats.go applySummary chain).
func (s *S) wrap() { s.relock() }

func (s *S) wrap2() {
	if s.n > 3 {
		return
	}
	s.wrap()
}

// Through one wrapper, the lock is held again when wrap returns.
func (s *S) ThroughWrapper() {
	s.mu.Lock()
	s.wrap()
	s.mu.Unlock()
}

// Through two, with an early return in the middle one.
func (s *S) ThroughTwo() {
	s.mu.Lock()
	s.wrap2()
	s.mu.Unlock()
}

// A local closure that unlocks, also referenced by another closure (nats.go
// js.go: doErr is used by the AfterFunc callback too).
func (s *S) ClosureAlsoCaptured() error {
	s.mu.Lock()
	doErr := func(err error) error {
		s.n++
		s.mu.Unlock()
		return err
	}
	t := time.AfterFunc(time.Second, func() {
		s.mu.Lock()
		_ = doErr(errors.New("timeout"))
	})
	defer t.Stop()
	if s.n > 2 {
		return doErr(errors.New("no responders"))
	}
	s.mu.Unlock()
	return nil
}

// Twin that must stay reported: the closure does not unlock.
func (s *S) ClosureNoUnlock() error {
	s.mu.Lock()
	doErr := func(err error) error {
		s.n++
		return err
	}
	t := time.AfterFunc(time.Second, func() {
		_ = doErr(errors.New("timeout"))
	})
	defer t.Stop()
	if s.n > 2 {
		return doErr(errors.New("no responders")) // want `s.mu is still locked at this return`
	}
	s.mu.Unlock()
	return nil
}
