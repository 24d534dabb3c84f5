// Package cockroach25456 is the fixed twin of GoKer kernel cockroach25456, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package cockroach25456

// Fixed: the consistency check asks whether the store is quiescing
// without waiting for it.

type stopper struct{ quiescer chan struct{} }

func (s *stopper) shouldQuiesce() <-chan struct{} { return s.quiescer }

type store struct{ stopper *stopper }

func (s *store) process() bool {
	select {
	case <-s.stopper.shouldQuiesce():
		return true
	default:
		return false
	}
}

func Run() {
	s := &store{stopper: &stopper{quiescer: make(chan struct{})}}
	done := make(chan bool)
	go func() {
		for i := 0; i < 2; i++ {
			s.process()
		}
		done <- true
	}()
	<-done
}
