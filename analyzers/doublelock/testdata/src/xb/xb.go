package xb

import "xa"

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
