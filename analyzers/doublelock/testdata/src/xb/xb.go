package xb

import (
	"sync"

	"xa"
)

func Bump(s *xa.Store) {
	s.Lock()
	defer s.Unlock()
	s.Add(1) // want `call acquires s.mu, which is already held here \(write\): \(\*xa.Store\).Add → Lock at xa.go:\d+`
}

func BumpSafe(s *xa.Store) {
	s.Lock()
	defer s.Unlock()
	s.AddLocked(1)
}

// A callback that takes the lock the caller holds, across packages.
type Agg struct {
	mu    sync.Mutex
	store *xa.Store
	sum   int
}

func (a *Agg) add(n int) {
	a.mu.Lock()
	a.sum += n
	a.mu.Unlock()
}

func (a *Agg) Refresh() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.sum = 0
	a.store.Each(func(n int) { a.add(n) }) // want `the callback passed to \(\*xa.Store\).Each acquires a.mu, which is already held here \(write\): \(\*xa.Store\).Each calls it at xa.go:\d+ → \(\*Agg\).add → Lock at xb.go:\d+`
}

// Safe twin: the callback adds without locking.
func (a *Agg) RefreshSafe() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.sum = 0
	a.store.Each(func(n int) { a.sum += n })
}
