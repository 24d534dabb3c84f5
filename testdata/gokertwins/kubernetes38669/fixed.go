// Package kubernetes38669 is the fixed twin of GoKer kernel kubernetes38669, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package kubernetes38669

import "sync"

// Fixed: the watcher's initial events are sent unless the watcher has been
// stopped.

type cacheWatcher struct {
	sync.Mutex
	input   chan int
	result  chan int
	done    chan struct{}
	stopped bool
}

func (c *cacheWatcher) process(initEvents []int) {
	defer close(c.result)
	for _, e := range initEvents {
		select {
		case c.result <- e:
		case <-c.done:
			return
		}
	}
	for range c.input {
	}
}

func (c *cacheWatcher) stop() {
	c.Lock()
	defer c.Unlock()
	if !c.stopped {
		c.stopped = true
		close(c.done)
		close(c.input)
	}
}

func Run() {
	w := &cacheWatcher{input: make(chan int), result: make(chan int), done: make(chan struct{})}
	go w.process([]int{1, 2})
	w.stop()
}
