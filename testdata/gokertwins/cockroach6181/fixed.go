// Package cockroach6181 is the fixed twin of GoKer kernel cockroach6181, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package cockroach6181

import "sync"

// Fixed: the lookup formats the cache with stringLocked while it holds the
// read lock, instead of String, which read-locks it again.

type cache struct{ mu sync.RWMutex }

func (c *cache) lookup() string {
	c.mu.RLock()
	s := c.stringLocked()
	c.mu.RUnlock()
	c.mu.Lock()
	c.mu.Unlock()
	return s
}

func (c *cache) String() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.stringLocked()
}

func (c *cache) stringLocked() string { return "cache" }

func Run() {
	c := &cache{}
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.lookup()
		}()
	}
	wg.Wait()
}
