package testonly

import "sync"

type Wal struct{ mu sync.Mutex }

type Seg struct{ mu sync.Mutex }

// rotate: Wal.mu, then Seg.mu. This file comes after testonly_test.go,
// yet the test's edge is the one reported.
func rotate(w *Wal, s *Seg) {
	w.mu.Lock()
	defer w.mu.Unlock()
	s.mu.Lock()
	s.mu.Unlock()
}

func (w *Wal) sync() {
	w.mu.Lock()
	w.mu.Unlock()
}
