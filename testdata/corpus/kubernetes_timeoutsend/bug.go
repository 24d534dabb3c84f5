// Package kubernetes_timeoutsend models the most common blocking bug of the
// Go bug studies (seen in Kubernetes, Docker and etcd): a function starts a
// goroutine that sends its result on an unbuffered channel, and waits for it
// in a select with a timeout. When the timeout wins, nobody will ever receive
// and the goroutine blocks forever on its send.
package kubernetes_timeoutsend

import (
	"errors"
	"time"
)

var errTimeout = errors.New("timed out waiting for the condition")

type probeResult struct {
	ok     bool
	output string
}

type prober struct {
	exec func(cmd []string) (string, error)
}

// runProbe runs an exec probe with a timeout.
func (p *prober) runProbe(cmd []string, timeout time.Duration) (probeResult, error) {
	ch := make(chan probeResult)
	go func() {
		out, err := p.exec(cmd)
		ch <- probeResult{ok: err == nil, output: out} // WANT(goroutineleak)
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-time.After(timeout):
		return probeResult{}, errTimeout
	}
}
