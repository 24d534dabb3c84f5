// Package docker_stopdoubleclose models a Moby/Docker panic in a health-check
// monitor: the stop path closes the monitor's stop channel, and the timeout
// branch of the same function closes it a second time.
package docker_stopdoubleclose

import "time"

type healthMonitor struct {
	stop chan struct{}
	done chan struct{}
}

// Stop asks the monitor goroutine to stop and waits a bit for it.
func (m *healthMonitor) Stop(wait time.Duration) bool {
	close(m.stop)
	select {
	case <-m.done:
		return true
	case <-time.After(wait):
		close(m.stop) // WANT(chanclose)
		return false
	}
}
