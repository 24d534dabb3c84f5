// Package moby28462 is the fixed twin of GoKer kernel moby28462, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package moby28462

import "sync"

// Fixed: the health monitor is stopped by closing its channel, which does
// not wait for the monitor that needs the container's lock.

type container struct {
	sync.Mutex
	stop chan struct{}
}

func (c *container) stateChanged() {
	c.Lock()
	defer c.Unlock()
	close(c.stop)
}

func monitor(c *container) {
	for {
		select {
		case <-c.stop:
			return
		default:
			c.Lock()
			c.Unlock()
		}
	}
}

func Run() {
	c := &container{stop: make(chan struct{})}
	go monitor(c)
	go c.stateChanged()
}
