package kubernetes_lockorderviacall

// flushFixed reads the queue length before taking the metrics lock.
func (m *metrics) flushFixed() {
	n := m.q.Len()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.depth[m.q.name] = n
}
