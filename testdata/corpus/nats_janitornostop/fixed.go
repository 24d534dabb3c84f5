package nats_janitornostop

import (
	"sync"
	"time"
)

type clientFixed struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	quit    chan struct{}
	pending map[string]time.Time
	closed  bool
}

func newClientFixed() *clientFixed {
	c := &clientFixed{quit: make(chan struct{}), pending: map[string]time.Time{}}
	c.startGoroutine(c.janitor)
	return c
}

func (c *clientFixed) startGoroutine(f func()) {
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		f()
	}()
}

func (c *clientFixed) janitor() {
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
		case <-c.quit:
			return
		}
	}
}

func (c *clientFixed) Shutdown() {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		close(c.quit)
	}
	c.mu.Unlock()
	c.wg.Wait()
}
