package kubernetes_podcacheunguarded

// UpdateTimeFixed takes the lock like every other writer.
func (c *podCache) UpdateTimeFixed(ts int64) {
	c.mu.Lock()
	c.timestamp = ts
	c.mu.Unlock()
}
