// Package syncthing5795 is the fixed twin of GoKer kernel syncthing5795, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package syncthing5795

import "sync"

// Fixed: Close only signals the dispatcher loop; a caller that needs the
// loop stopped waits for it outside Close, which the loop itself may call.

type connection struct {
	inbox     chan any
	closed    chan struct{}
	stopped   chan struct{}
	closeOnce sync.Once
	onConfig  func()
}

func (c *connection) dispatcherLoop() {
	defer close(c.stopped)
	for {
		var msg any
		select {
		case msg = <-c.inbox:
		case <-c.closed:
			return
		}
		if _, ok := msg.(*struct{}); !ok {
			return
		}
		c.onConfig()
	}
}

func (c *connection) Close() {
	c.closeOnce.Do(func() { close(c.closed) })
}

func Run() {
	c := &connection{inbox: make(chan any), closed: make(chan struct{}), stopped: make(chan struct{})}
	c.onConfig = c.Close
	go c.dispatcherLoop()
	c.inbox <- &struct{}{}
	<-c.stopped
}
