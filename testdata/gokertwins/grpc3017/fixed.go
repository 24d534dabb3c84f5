// Package grpc3017 is the fixed twin of GoKer kernel grpc3017, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package grpc3017

import (
	"sync"
	"time"
)

// Fixed: the deletion callback unlocks on its early return.

type entry struct {
	abortDeleting bool
	cancel        func()
}

type cache struct {
	mu      sync.Mutex
	entries map[int]*entry
}

func (c *cache) remove(key int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := &entry{}
	c.entries[key] = e
	timer := time.AfterFunc(time.Nanosecond, func() {
		c.mu.Lock()
		if e.abortDeleting {
			c.mu.Unlock()
			return
		}
		delete(c.entries, key)
		c.mu.Unlock()
	})
	e.cancel = func() {
		if !timer.Stop() {
			e.abortDeleting = true
		}
	}
}

func (c *cache) add(key int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[key]; ok {
		e.cancel()
		delete(c.entries, key)
	}
}

func Run() {
	c := &cache{entries: map[int]*entry{}}
	done := make(chan struct{})
	go func() {
		for i := 0; i < 2; i++ {
			c.remove(1)
			c.add(1)
		}
		close(done)
	}()
	<-done
}
