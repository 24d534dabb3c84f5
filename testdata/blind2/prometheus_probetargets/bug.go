// Package probetargets models a blackbox-style prober that reuses one probe
// configuration struct, declared before the loop, for every target and hands
// each probe goroutine a pointer to its Target field. The loop overwrites the
// field for the next target while earlier goroutines are still reading it, so
// probes race on the field and may hit the wrong target.
package probetargets

import (
	"context"
	"net"
	"sync"
	"time"
)

type ProbeConfig struct {
	Module        string
	Target        string
	Timeout       time.Duration
	PreferredIPv4 bool
}

type ProbeResult struct {
	Target   string
	Success  bool
	Duration time.Duration
	Err      error
}

type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// ResultSink is safe for concurrent use.
type ResultSink interface {
	Record(r ProbeResult)
}

type Prober struct {
	dialer Dialer
	sink   ResultSink
	clock  func() time.Time
}

func NewProber(d Dialer, sink ResultSink) *Prober {
	return &Prober{dialer: d, sink: sink, clock: time.Now}
}

func (p *Prober) probeTCP(ctx context.Context, target string, cfg *ProbeConfig) ProbeResult {
	start := p.clock()
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	network := "tcp"
	if cfg.PreferredIPv4 {
		network = "tcp4"
	}
	conn, err := p.dialer.DialContext(ctx, network, target)
	if err == nil {
		_ = conn.Close()
	}
	return ProbeResult{Target: target, Success: err == nil, Duration: p.clock().Sub(start), Err: err}
}

func (p *Prober) ProbeAll(ctx context.Context, module string, timeout time.Duration, targets []string) {
	cfg := ProbeConfig{Module: module, Timeout: timeout, PreferredIPv4: true}
	var wg sync.WaitGroup
	for _, t := range targets {
		cfg.Target = t // WANT(capturerace)
		target := &cfg.Target
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.sink.Record(p.probeTCP(ctx, *target, &cfg)) // WANT(capturerace)
		}()
	}
	wg.Wait()
}
