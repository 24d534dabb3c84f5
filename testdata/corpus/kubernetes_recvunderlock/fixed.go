package kubernetes_recvunderlock

// WaitForSyncFixed receives before locking.
func (c *controller) WaitForSyncFixed() {
	<-c.ack
	c.mu.Lock()
	c.synced = true
	c.mu.Unlock()
}
