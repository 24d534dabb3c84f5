// Package kubernetes_podcacheunguarded models a Kubernetes data race: a pod
// cache field that every method updates under the cache mutex is written
// without it by a "mark ready" helper called from the watch goroutine.
package kubernetes_podcacheunguarded

import "sync"

type podCache struct {
	mu        sync.RWMutex
	pods      map[string]string
	timestamp int64
}

func (c *podCache) Set(name, status string, ts int64) {
	c.mu.Lock()
	c.pods[name] = status
	c.timestamp = ts
	c.mu.Unlock()
}

func (c *podCache) Get(name string) (string, int64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.pods[name], c.timestamp
}

func (c *podCache) Delete(name string, ts int64) {
	c.mu.Lock()
	delete(c.pods, name)
	c.timestamp = ts
	c.mu.Unlock()
}

func (c *podCache) Timestamp() int64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.timestamp
}

// UpdateTime is called by the relist goroutine.
func (c *podCache) UpdateTime(ts int64) {
	c.timestamp = ts // WANT(guardedby)
}
