// Package kubernetes_continueinloop models a Kubernetes-style bug where a
// loop locks a per-item mutex and a `continue` on a filtered item skips the
// unlock; the next iteration (or the next sync) blocks on that item's lock.
package kubernetes_continueinloop

import "sync"

type endpoint struct {
	mu      sync.Mutex
	ip      string
	ready   bool
	retries int
}

type endpointsController struct {
	endpoints []*endpoint
}

// syncEndpoints bumps the retry counter of every endpoint that is not ready.
func (c *endpointsController) syncEndpoints() int {
	n := 0
	for _, ep := range c.endpoints {
		ep.mu.Lock() // WANT(missingunlock)
		if ep.ready {
			continue // WANT(missingunlock)
		}
		ep.retries++
		n++
		ep.mu.Unlock()
	}
	return n
}
