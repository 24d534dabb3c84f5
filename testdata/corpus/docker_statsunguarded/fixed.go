package docker_statsunguarded

import "time"

func (s *statsCollector) subscribers() int {
	s.m.Lock()
	defer s.m.Unlock()
	return len(s.publishers)
}

// runFixed reads the map size under the lock.
func (s *statsCollector) runFixed(sample func() []byte) {
	for range time.Tick(s.interval) {
		if s.subscribers() == 0 {
			continue
		}
		s.publishAll(sample())
	}
}
