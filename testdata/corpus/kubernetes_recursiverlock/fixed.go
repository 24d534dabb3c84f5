package kubernetes_recursiverlock

// PodsOnNodeFixed reads the map directly under the one read lock it holds.
func (c *schedulerCache) PodsOnNodeFixed(node string) []*Pod {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []*Pod
	for _, name := range c.nodes[node] {
		if p, ok := c.pods[name]; ok {
			out = append(out, p)
		}
	}
	return out
}
