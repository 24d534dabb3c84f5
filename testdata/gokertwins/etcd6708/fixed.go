// Package etcd6708 is the fixed twin of GoKer kernel etcd6708, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package etcd6708

import "sync"

// Fixed: Sync reads the selection mode under the lock and asks for the
// leader after releasing it, so Do's read lock is never taken under Sync's
// write lock.

type clusterClient struct {
	sync.RWMutex
	leaderMode bool
}

func (c *clusterClient) do() {
	c.RLock()
	c.RUnlock()
}

func (c *clusterClient) sync() {
	c.Lock()
	leader := c.leaderMode
	c.Unlock()
	if leader {
		c.do()
	}
}

func Run() {
	go func() {
		c := &clusterClient{leaderMode: true}
		c.sync()
	}()
}
