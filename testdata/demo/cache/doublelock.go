package cache

import "time"

// Refresh reloads key if its entry is older than maxAge.
func (c *Cache) Refresh(key string, maxAge time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if ok && time.Until(e.expires) > c.ttl-maxAge {
		return nil
	}
	_, err := c.Get(key) // WRONG(doublelock): Get takes c.mu again (RLock while this goroutine holds Lock): deadlock
	return err
}

// RefreshSafe reloads key if its entry is older than maxAge.
// RIGHT: the check runs under the read lock, which is released before Get
// takes the lock again.
func (c *Cache) RefreshSafe(key string, maxAge time.Duration) error {
	c.mu.RLock()
	e, ok := c.entries[key]
	c.mu.RUnlock()
	if ok && time.Until(e.expires) > c.ttl-maxAge {
		return nil
	}
	_, err := c.Get(key)
	return err
}
