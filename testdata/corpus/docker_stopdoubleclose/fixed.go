package docker_stopdoubleclose

import "time"

// StopFixed closes once and only reports the timeout.
func (m *healthMonitor) StopFixed(wait time.Duration) bool {
	close(m.stop)
	select {
	case <-m.done:
		return true
	case <-time.After(wait):
		return false
	}
}
