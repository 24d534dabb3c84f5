// Package kubernetes13135 is the fixed twin of GoKer kernel kubernetes13135, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package kubernetes13135

import "sync"

// Fixed: caching reads the reflector under the cacher's lock and lists
// after releasing it, so the watch cache's lock is never taken under the
// cacher's while an event handler takes them the other way round.

type watchCache struct {
	sync.RWMutex
	onReplace func()
	onEvent   func()
}

func (w *watchCache) replace() {
	w.Lock()
	defer w.Unlock()
	if w.onReplace != nil {
		w.onReplace()
	}
}

func (w *watchCache) add() {
	w.Lock()
	defer w.Unlock()
	if w.onEvent != nil {
		w.onEvent()
	}
}

type cacher struct {
	sync.Mutex
	initialized sync.WaitGroup
	initOnce    sync.Once
	cache       *watchCache
}

func (c *cacher) processEvent() {
	c.Lock()
	defer c.Unlock()
}

func (c *cacher) startCaching() {
	c.Lock()
	w := c.cache
	c.Unlock()
	w.replace()
}

func newCacher(stop <-chan struct{}) *cacher {
	w := &watchCache{}
	c := &cacher{cache: w}
	c.initialized.Add(1)
	w.Lock()
	w.onReplace = func() { c.initOnce.Do(c.initialized.Done) }
	w.onEvent = c.processEvent
	w.Unlock()
	go func() {
		for {
			c.startCaching()
			select {
			case <-stop:
				return
			default:
			}
		}
	}()
	c.initialized.Wait()
	return c
}

func Run() {
	stop := make(chan struct{})
	c := newCacher(stop)
	go c.cache.add()
	go close(stop)
}
