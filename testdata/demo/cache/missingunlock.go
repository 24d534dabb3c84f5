package cache

import "errors"

// ErrMissing is returned by Take for keys that are not cached.
var ErrMissing = errors.New("cache: missing key")

// Take removes key from the cache and returns its value.
func (c *Cache) Take(key string) (string, error) {
	c.mu.Lock()
	e, ok := c.entries[key]
	if !ok {
		return "", ErrMissing // WRONG(missingunlock): c.mu stays locked on this error path; every later call blocks
	}
	delete(c.entries, key)
	c.mu.Unlock()
	return e.value, nil
}

// TakeSafe removes key from the cache and returns its value.
// RIGHT: the deferred Unlock runs on every return path.
func (c *Cache) TakeSafe(key string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok {
		return "", ErrMissing
	}
	delete(c.entries, key)
	return e.value, nil
}
