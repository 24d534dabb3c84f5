package globals

import (
	"testing"
	"time"
)

// The test overrides the interval and restores it while the loop started
// by the test may still read it.
func TestRefresh(t *testing.T) {
	old := refreshInterval
	refreshInterval = time.Millisecond       // want `refreshInterval is written without synchronization while the goroutine started at globals.go:\d+ reads it`
	defer func() { refreshInterval = old }() // want `refreshInterval is written without synchronization`
	r := &refresher{stop: make(chan struct{})}
	r.Start()
	close(r.stop)
}
