package kubernetes_continueinloop

// syncEndpointsFixed releases the lock on both paths.
func (c *endpointsController) syncEndpointsFixed() int {
	n := 0
	for _, ep := range c.endpoints {
		ep.mu.Lock()
		if ep.ready {
			ep.mu.Unlock()
			continue
		}
		ep.retries++
		n++
		ep.mu.Unlock()
	}
	return n
}
