package testonly

import "testing"

// A test that takes Index.mu, then Log.mu, inverts production code: the
// test can deadlock with it.
func TestCompact(t *testing.T) {
	compact(new(Log), new(Index))
}

func compact(l *Log, i *Index) {
	i.mu.Lock()
	defer i.mu.Unlock()
	l.mu.Lock() // want `lock-order inversion: Log.mu acquired here while holding Index.mu, but Append acquires`
	l.mu.Unlock()
}

// A test that inverts production's order through a production helper is
// reported at its call, not in the helper.
func appendAll(w *Wal, s *Seg) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w.sync() // want `lock-order inversion: Wal.mu acquired by this call to \(\*Wal\).sync \(locked at z.go:\d+\) while holding Seg.mu, but rotate acquires`
}

// Both orders only in tests: silent.
func TestFsmThenSnap(t *testing.T) {
	lockFsmThenSnap(&Fsm{}, &Snap{})
}

func TestSnapThenFsm(t *testing.T) {
	lockSnapThenFsm(&Fsm{}, &Snap{})
}

func lockFsmThenSnap(f *Fsm, s *Snap) {
	f.mu.Lock()
	s.mu.Lock()
	s.mu.Unlock()
	f.mu.Unlock()
}

func lockSnapThenFsm(f *Fsm, s *Snap) {
	s.mu.Lock()
	f.mu.Lock()
	f.mu.Unlock()
	s.mu.Unlock()
}
