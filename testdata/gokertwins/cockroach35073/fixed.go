// Package cockroach35073 is the fixed twin of GoKer kernel cockroach35073, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package cockroach35073

import "sync"

// Fixed: the outbox closes its row channel when it stops consuming, which
// releases every producer still pushing into the full buffer.

type rowChannel struct {
	data   chan int
	closed chan struct{}
	once   sync.Once
}

func (rc *rowChannel) push() {
	select {
	case rc.data <- 0:
	case <-rc.closed:
	}
}

func (rc *rowChannel) consumerClosed() { rc.once.Do(func() { close(rc.closed) }) }

func Run() {
	rc := &rowChannel{data: make(chan int, 4), closed: make(chan struct{})}
	for i := 0; i < 4; i++ {
		rc.push()
	}
	var pushers sync.WaitGroup
	pushers.Add(1)
	go func() {
		defer pushers.Done()
		rc.push()
	}()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		rc.consumerClosed()
	}()
	wg.Wait()
	rc.push()
	pushers.Wait()
}
