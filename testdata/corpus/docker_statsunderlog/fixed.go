package docker_statsunderlog

// collectFixed sends after unlocking.
func (s *statsCollector) collectFixed(id string, cpu float64) {
	s.mu.Lock()
	s.log.Debugf("stats %s: cpu %.2f", id, cpu)
	smp := sample{id: id, cpu: cpu, at: s.now()}
	s.mu.Unlock()
	s.samples <- smp
}
