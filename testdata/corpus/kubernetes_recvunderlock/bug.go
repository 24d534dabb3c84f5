// Package kubernetes_recvunderlock models a Kubernetes-style deadlock: a
// controller waits for a worker's acknowledgement on a channel while holding
// the controller lock, and the worker takes that lock before it acknowledges.
package kubernetes_recvunderlock

import "sync"

type controller struct {
	mu      sync.Mutex
	synced  bool
	ack     chan struct{}
	pending []string
}

func (c *controller) worker() {
	for {
		c.mu.Lock()
		c.pending = c.pending[:0]
		c.mu.Unlock()
		c.ack <- struct{}{}
	}
}

// WaitForSync waits for the worker's ack while holding c.mu.
func (c *controller) WaitForSync() {
	c.mu.Lock()
	defer c.mu.Unlock()
	<-c.ack // WANT(chanlock)
	c.synced = true
}
