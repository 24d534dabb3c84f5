// Package cockroach35931 is the fixed twin of GoKer kernel cockroach35931, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package cockroach35931

// Fixed: cancellation hands each inbound stream its message without
// blocking, so a full stream cannot stop the others from being told.

type rowChannel struct{ data chan struct{} }

func (rc *rowChannel) pushNonBlocking() {
	select {
	case rc.data <- struct{}{}:
	default:
	}
}

func cancel(receivers []*rowChannel) {
	for _, r := range receivers {
		r.pushNonBlocking()
	}
}

func Run() {
	left := &rowChannel{data: make(chan struct{}, 1)}
	right := &rowChannel{data: make(chan struct{}, 1)}
	left.data <- struct{}{}
	done := make(chan bool)
	go func() {
		cancel([]*rowChannel{left, right})
		done <- true
	}()
	<-done
}
