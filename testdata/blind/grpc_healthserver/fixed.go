package grpchealthserver

import (
	"context"
	"sync"
	"time"
)

// HealthServerFixed implements the health checking protocol.
type HealthServerFixed struct {
	mu       sync.Mutex
	statuses map[string]ServingStatus
	shutdown bool

	probes   []Probe
	interval time.Duration
	timeout  time.Duration
	log      Logger
	quit     chan struct{}
	stopOnce sync.Once
	done     sync.WaitGroup
}

// NewHealthServerFixed returns a server that refreshes statuses every interval.
func NewHealthServerFixed(interval, timeout time.Duration, log Logger, probes ...Probe) *HealthServerFixed {
	return &HealthServerFixed{statuses: make(map[string]ServingStatus), probes: probes, interval: interval, timeout: timeout, log: log, quit: make(chan struct{})}
}

// Start begins periodic probing.
func (s *HealthServerFixed) Start() {
	s.done.Add(1)
	go s.refreshLoop()
}

func (s *HealthServerFixed) refreshLoop() {
	defer s.done.Done()
	t := time.NewTicker(s.interval)
	defer t.Stop()
	for {
		select {
		case <-s.quit:
			return
		case <-t.C:
			s.refresh()
		}
	}
}

func (s *HealthServerFixed) refresh() {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	next := make(map[string]ServingStatus, len(s.probes))
	for _, p := range s.probes {
		st := Serving
		if err := p.Check(ctx); err != nil {
			st = NotServing
		}
		if next[p.Service()] != NotServing {
			next[p.Service()] = st
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shutdown {
		return
	}
	for svc, st := range next {
		s.statuses[svc] = st
	}
}

// Check returns the status of service.
func (s *HealthServerFixed) Check(service string) ServingStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.statuses[service]
	if !ok {
		return Unknown
	}
	return st
}

// Stop marks all services as not serving and stops the refresh loop.
func (s *HealthServerFixed) Stop() {
	s.mu.Lock()
	s.shutdown = true
	for svc := range s.statuses {
		s.statuses[svc] = NotServing
	}
	n := len(s.statuses)
	s.mu.Unlock()

	s.stopOnce.Do(func() { close(s.quit) })
	s.done.Wait()
	s.log.Infof("health server shut down; %d services marked NOT_SERVING", n)
}
