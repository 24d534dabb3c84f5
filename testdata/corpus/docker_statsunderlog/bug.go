// Package docker_statsunderlog models a Moby/Docker-style stats collector
// that, holding its lock, logs through its injected logger and reads the
// clock, then sends the sample to a publisher goroutine on an unbuffered
// channel; the publisher takes the same lock before each receive (to read
// the subscriber count). The logger and clock cannot release the lock, so
// the send is still under it.
package docker_statsunderlog

import (
	"sync"
	"time"
)

type Logger interface {
	Debugf(format string, args ...any)
}

type sample struct {
	id  string
	cpu float64
	at  time.Time
}

type statsCollector struct {
	mu          sync.Mutex
	log         Logger
	now         func() time.Time
	subscribers int
	samples     chan sample
}

func (s *statsCollector) collect(id string, cpu float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log.Debugf("stats %s: cpu %.2f", id, cpu)
	s.samples <- sample{id: id, cpu: cpu, at: s.now()} // WANT(chanlock)
}

func (s *statsCollector) publish(out func(sample, int)) {
	for {
		s.mu.Lock()
		n := s.subscribers
		s.mu.Unlock()
		out(<-s.samples, n)
	}
}

func (s *statsCollector) start(out func(sample, int)) {
	go s.publish(out)
}
