// Package grpchealthserver models a health server whose Start launches a
// refresh loop that selects on a quit channel field and a ticker. Stop marks
// every service NOT_SERVING but nothing ever closes or sends on quit, so each
// Start leaks a loop goroutine that keeps probing dependencies forever.
package grpchealthserver

import (
	"context"
	"sync"
	"time"
)

// ServingStatus is the health of a service.
type ServingStatus int

// Health states.
const (
	Unknown ServingStatus = iota
	Serving
	NotServing
)

// Probe checks one dependency of a service.
type Probe interface {
	Service() string
	Check(ctx context.Context) error
}

// Logger is the injected logger.
type Logger interface {
	Infof(format string, args ...any)
}

// HealthServer implements the health checking protocol.
type HealthServer struct {
	mu       sync.Mutex
	statuses map[string]ServingStatus
	shutdown bool

	probes   []Probe
	interval time.Duration
	timeout  time.Duration
	log      Logger
	quit     chan struct{}
}

// NewHealthServer returns a server that refreshes statuses every interval.
func NewHealthServer(interval, timeout time.Duration, log Logger, probes ...Probe) *HealthServer {
	return &HealthServer{statuses: make(map[string]ServingStatus), probes: probes, interval: interval, timeout: timeout, log: log}
}

// Start begins periodic probing.
func (s *HealthServer) Start() {
	s.quit = make(chan struct{})
	go s.refreshLoop() // WANT(goroutineleak)
}

func (s *HealthServer) refreshLoop() {
	t := time.NewTicker(s.interval)
	defer t.Stop()
	for {
		select {
		case <-s.quit: // WANT(goroutineleak)
			return
		case <-t.C:
			s.refresh()
		}
	}
}

func (s *HealthServer) refresh() {
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
func (s *HealthServer) Check(service string) ServingStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.statuses[service]
	if !ok {
		return Unknown
	}
	return st
}

// Stop marks all services as not serving for graceful shutdown.
func (s *HealthServer) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shutdown = true
	for svc := range s.statuses {
		s.statuses[svc] = NotServing
	}
	s.log.Infof("health server shutting down; %d services marked NOT_SERVING", len(s.statuses))
}
