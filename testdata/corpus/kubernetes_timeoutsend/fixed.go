package kubernetes_timeoutsend

import "time"

// runProbeFixed buffers the channel so the send never blocks.
func (p *prober) runProbeFixed(cmd []string, timeout time.Duration) (probeResult, error) {
	ch := make(chan probeResult, 1)
	go func() {
		out, err := p.exec(cmd)
		ch <- probeResult{ok: err == nil, output: out}
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-time.After(timeout):
		return probeResult{}, errTimeout
	}
}
