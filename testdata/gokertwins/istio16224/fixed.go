// Package istio16224 is the fixed twin of GoKer kernel istio16224, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package istio16224

import "sync"

// Fixed: the event handler sends its notification after releasing the
// lock the test takes, and the monitor leaves on stop without waiting for
// another event.

type monitor struct {
	handlers []func()
	eventCh  chan int
}

func (m *monitor) run(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case <-m.eventCh:
			for _, h := range m.handlers {
				h()
			}
		}
	}
}

func Run() {
	m := &monitor{eventCh: make(chan int)}
	done := make(chan bool)
	var lock sync.Mutex
	m.handlers = append(m.handlers, func() {
		lock.Lock()
		lock.Unlock()
		done <- true
	})
	stop := make(chan struct{})
	go m.run(stop)
	m.eventCh <- 0
	lock.Lock()
	lock.Unlock()
	<-done
	close(stop)
}
