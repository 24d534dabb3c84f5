package sums

import (
	"runtime"
	"sync"
)

type S struct {
	mu sync.Mutex
	rw sync.RWMutex
	n  int
}

// A lock helper: held on every return.
func (s *S) lock() { // want lock:`lock:acquires\(p0.mu write must\) returns-holding\(p0.mu write\)`
	s.mu.Lock()
}

// Unlock helper: requires the lock, releases it.
func (s *S) unlock() { // want unlock:`lock:requires\(p0.mu\) releases\(p0.mu\)`
	s.mu.Unlock()
}

// A deferred unlock is replayed at the return.
func (s *S) balanced() { // want balanced:`lock:acquires\(p0.mu write must\)$`
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
}

// defer inside an if: released at the return only on one path, so not
// "held on return" (must) either.
func (s *S) deferInIf(c bool) { // want deferInIf:`lock:acquires\(p0.mu write must\)$`
	s.mu.Lock()
	if c {
		defer s.mu.Unlock()
	}
}

// Conditional locking: a may acquisition.
func (s *S) maybe(c bool) { // want maybe:`lock:acquires\(p0.mu write may\)$`
	if c {
		s.mu.Lock()
		s.mu.Unlock()
	}
}

// Unlock then a deferred re-lock: the caller's lock is back at the return.
func (s *S) relockRLocked() { // want relockRLocked:`lock:acquires\(p0.rw read may\) requires\(p0.rw\)$`
	s.rw.RUnlock()
	defer s.rw.RLock()
	s.n++
}

// Deferred unlock in a deferred closure.
func (s *S) closureDefer() { // want closureDefer:`lock:acquires\(p0.mu write must\)$`
	s.mu.Lock()
	defer func() {
		s.mu.Unlock()
	}()
}

// Lock edges: rw taken while mu is held.
func (s *S) nested() { // want nested:`lock:acquires\(p0.mu write must\) acquires\(p0.rw read must\) edge\(sums.S.mu->sums.S.rw\)`
	s.mu.Lock()
	s.rw.RLock()
	s.rw.RUnlock()
	s.mu.Unlock()
}

// Through a callee, with the call chain.
func (s *S) viaCallee() { // want viaCallee:`lock:acquires\(p0.mu write must\)$`
	s.balanced()
}

// A path ending in runtime.Goexit is not a return: the lock is held on
// every (normal) return.
func (s *S) goexit(c bool) { // want goexit:`lock:acquires\(p0.mu write must\) returns-holding\(p0.mu write\)`
	s.mu.Lock()
	if c {
		s.mu.Unlock()
		runtime.Goexit()
	}
}

// recover: RunDefers runs the deferred unlock.
func (s *S) recovering() (err error) { // want recovering:`lock:acquires\(p0.mu write must\)$`
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = nil
		}
	}()
	s.n++
	return nil
}

// A defer in a loop is pushed once per defer statement and runs at exit.
// (locks of loop variables are local: no summary, no fact)
func deferLoop(ss []*S) {
	for _, s := range ss {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
}

// Globals.
var g sync.Mutex

func lockG() { // want lockG:`lock:acquires\(sums.g write must\) returns-holding\(sums.g write\)`
	g.Lock()
}

// Locks only once a fallible step succeeded: a "success" acquisition.
func (s *S) afterCheck(err error) error { // want afterCheck:`lock:acquires\(p0.mu write success\)$`
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	return nil
}

// An early success return: may.
func (s *S) afterSkip(skip bool) error { // want afterSkip:`lock:acquires\(p0.mu write may\)$`
	if skip {
		return nil
	}
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	return nil
}
