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
func (s *S) Lock() { // want Lock:`lock:acquires\(p0.mu write must\) returns-holding\(p0.mu write\)`
	s.mu.Lock()
}

// Unlock helper: requires the lock, releases it.
func (s *S) Unlock() { // want Unlock:`lock:requires\(p0.mu\) releases\(p0.mu\)`
	s.mu.Unlock()
}

// A deferred unlock is replayed at the return.
func (s *S) Balanced() { // want Balanced:`lock:acquires\(p0.mu write must\)$`
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
}

// defer inside an if: released at the return only on one path, so not
// "held on return" (must) either.
func (s *S) DeferInIf(c bool) { // want DeferInIf:`lock:acquires\(p0.mu write must\)$`
	s.mu.Lock()
	if c {
		defer s.mu.Unlock()
	}
}

// Conditional locking: a may acquisition.
func (s *S) Maybe(c bool) { // want Maybe:`lock:acquires\(p0.mu write may\)$`
	if c {
		s.mu.Lock()
		s.mu.Unlock()
	}
}

// Unlock then a deferred re-lock: the caller's lock is back at the return.
func (s *S) RelockRLocked() { // want RelockRLocked:`lock:acquires\(p0.rw read may\) requires\(p0.rw\)$`
	s.rw.RUnlock()
	defer s.rw.RLock()
	s.n++
}

// Deferred unlock in a deferred closure.
func (s *S) ClosureDefer() { // want ClosureDefer:`lock:acquires\(p0.mu write must\)$`
	s.mu.Lock()
	defer func() {
		s.mu.Unlock()
	}()
}

// Lock edges: rw taken while mu is held.
func (s *S) Nested() { // want Nested:`lock:acquires\(p0.mu write must\) acquires\(p0.rw read must\) edge\(sums.S.mu->sums.S.rw\)`
	s.mu.Lock()
	s.rw.RLock()
	s.rw.RUnlock()
	s.mu.Unlock()
}

// Through a callee, with the call chain.
func (s *S) ViaCallee() { // want ViaCallee:`lock:acquires\(p0.mu write must\)$`
	s.Balanced()
}

// A path ending in runtime.Goexit is not a return: the lock is held on
// every (normal) return.
func (s *S) Goexit(c bool) { // want Goexit:`lock:acquires\(p0.mu write must\) returns-holding\(p0.mu write\)`
	s.mu.Lock()
	if c {
		s.mu.Unlock()
		runtime.Goexit()
	}
}

// recover: RunDefers runs the deferred unlock.
func (s *S) Recovering() (err error) { // want Recovering:`lock:acquires\(p0.mu write must\)$`
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

func LockG() { // want LockG:`lock:acquires\(sums.g write must\) returns-holding\(sums.g write\)`
	g.Lock()
}

// Locks only once a fallible step succeeded: a "success" acquisition.
func (s *S) AfterCheck(err error) error { // want AfterCheck:`lock:acquires\(p0.mu write success\)$`
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	return nil
}

// An early success return: may.
func (s *S) AfterSkip(skip bool) error { // want AfterSkip:`lock:acquires\(p0.mu write may\)$`
	if skip {
		return nil
	}
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	return nil
}

type Observer interface{ Notify(n int) }

type Hub struct {
	mu  sync.Mutex
	obs Observer
	n   int
}

// Calls its callback with h.mu held, and an observer in a field (an
// interface of a package without a dot in its path, like the standard
// library's, is not recorded: see standardPath).
func (h *Hub) Each(fn func(int)) { // want Each:`lock:acquires\(p0.mu write must\) callback\(p1 held\[sums.Hub.mu write\]\)$`
	h.mu.Lock()
	defer h.mu.Unlock()
	fn(h.n)
	h.obs.Notify(h.n)
}

// Passes its callback on: it runs under h.mu there.
func (h *Hub) Visit(fn func(int)) { // want Visit:`lock:acquires\(p0.mu write must\) callback\(p1 held\[sums.Hub.mu write\]\)$`
	h.Each(fn)
}
