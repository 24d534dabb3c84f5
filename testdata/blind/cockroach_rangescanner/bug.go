// Package cockroachrangescanner models a store's range scanner that runs one
// queue-processing goroutine per replica queue. Stop closes the stopper
// channel and waits on the WaitGroup while still holding the scanner mutex,
// but each worker takes that mutex to record its final stats before calling
// Done, so Stop waits forever.
package cockroachrangescanner

import (
	"context"
	"sync"
	"time"
)

// RangeID identifies a range.
type RangeID int64

// Replica is the local copy of a range.
type Replica interface {
	RangeID() RangeID
	NeedsProcessing(now time.Time) bool
}

// Queue processes replicas (GC, split, raft log truncation, ...).
type Queue interface {
	Name() string
	Process(ctx context.Context, r Replica) error
}

// ReplicaSource lists the store's replicas.
type ReplicaSource interface {
	Replicas() []Replica
}

type queueStats struct {
	processed int
	failed    int
	lastRun   time.Time
	stopped   bool
}

// Scanner drives replica queues.
type Scanner struct {
	mu      sync.Mutex
	stats   map[string]*queueStats
	started bool
	stopped bool

	wg       sync.WaitGroup
	stopper  chan struct{}
	queues   []Queue
	replicas ReplicaSource
	interval time.Duration
	now      func() time.Time
}

// NewScanner returns a scanner for the given queues.
func NewScanner(src ReplicaSource, interval time.Duration, queues ...Queue) *Scanner {
	return &Scanner{stats: make(map[string]*queueStats), stopper: make(chan struct{}), queues: queues, replicas: src, interval: interval, now: time.Now}
}

// Start launches one worker per queue.
func (s *Scanner) Start(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return
	}
	s.started = true
	for _, q := range s.queues {
		s.stats[q.Name()] = &queueStats{}
		s.wg.Add(1)
		go s.runQueue(ctx, q)
	}
}

func (s *Scanner) runQueue(ctx context.Context, q Queue) {
	defer s.wg.Done()
	t := time.NewTicker(s.interval)
	defer t.Stop()
	for {
		select {
		case <-s.stopper:
			s.mu.Lock()
			s.stats[q.Name()].stopped = true
			s.mu.Unlock()
			return
		case <-t.C:
			s.scanOnce(ctx, q)
		}
	}
}

func (s *Scanner) scanOnce(ctx context.Context, q Queue) {
	now := s.now()
	var ok, failed int
	for _, r := range s.replicas.Replicas() {
		if !r.NeedsProcessing(now) {
			continue
		}
		if err := q.Process(ctx, r); err != nil {
			failed++
			continue
		}
		ok++
	}
	s.mu.Lock()
	st := s.stats[q.Name()]
	st.processed += ok
	st.failed += failed
	st.lastRun = now
	s.mu.Unlock()
}

// Stop signals all workers and waits for them to exit.
func (s *Scanner) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started || s.stopped {
		return
	}
	s.stopped = true
	close(s.stopper)
	s.wg.Wait() // WANT(chanlock)
}

// Processed returns the number of replicas processed by queue name.
func (s *Scanner) Processed(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.stats[name]; ok {
		return st.processed
	}
	return 0
}
