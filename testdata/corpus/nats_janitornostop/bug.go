// Package nats_janitornostop models a background loop started through a
// goroutine helper (the goFunc/startGoroutine helpers of NATS and gRPC
// servers) whose only way out is a quit channel that Shutdown never
// closes: every client leaks its janitor goroutine.
package nats_janitornostop

import (
	"sync"
	"time"
)

type client struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	quit    chan struct{}
	pending map[string]time.Time
	closed  bool
}

func newClient() *client {
	c := &client{quit: make(chan struct{}), pending: map[string]time.Time{}}
	c.startGoroutine(c.janitor)
	return c
}

func (c *client) startGoroutine(f func()) {
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		f()
	}()
}

func (c *client) janitor() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case now := <-t.C:
			c.mu.Lock()
			for k, at := range c.pending {
				if now.Sub(at) > time.Minute {
					delete(c.pending, k)
				}
			}
			c.mu.Unlock()
		case <-c.quit: // WANT(goroutineleak)
			return
		}
	}
}

func (c *client) Shutdown() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
}
