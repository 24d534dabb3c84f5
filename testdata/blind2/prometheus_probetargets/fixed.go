package probetargets

import (
	"context"
	"sync"
	"time"
)

type ProberFixed struct {
	dialer Dialer
	sink   ResultSink
	clock  func() time.Time
}

func NewProberFixed(d Dialer, sink ResultSink) *ProberFixed {
	return &ProberFixed{dialer: d, sink: sink, clock: time.Now}
}

func (p *ProberFixed) probeTCP(ctx context.Context, cfg ProbeConfig) ProbeResult {
	start := p.clock()
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	network := "tcp"
	if cfg.PreferredIPv4 {
		network = "tcp4"
	}
	conn, err := p.dialer.DialContext(ctx, network, cfg.Target)
	if err == nil {
		_ = conn.Close()
	}
	return ProbeResult{Target: cfg.Target, Success: err == nil, Duration: p.clock().Sub(start), Err: err}
}

func (p *ProberFixed) ProbeAll(ctx context.Context, module string, timeout time.Duration, targets []string) {
	base := ProbeConfig{Module: module, Timeout: timeout, PreferredIPv4: true}
	var wg sync.WaitGroup
	for _, t := range targets {
		cfg := base
		cfg.Target = t
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.sink.Record(p.probeTCP(ctx, cfg))
		}()
	}
	wg.Wait()
}
