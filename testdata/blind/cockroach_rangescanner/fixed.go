package cockroachrangescanner

import (
	"context"
	"sync"
	"time"
)

// ScannerFixed drives replica queues.
type ScannerFixed struct {
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

// NewScannerFixed returns a scanner for the given queues.
func NewScannerFixed(src ReplicaSource, interval time.Duration, queues ...Queue) *ScannerFixed {
	return &ScannerFixed{stats: make(map[string]*queueStats), stopper: make(chan struct{}), queues: queues, replicas: src, interval: interval, now: time.Now}
}

// Start launches one worker per queue.
func (s *ScannerFixed) Start(ctx context.Context) {
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

func (s *ScannerFixed) runQueue(ctx context.Context, q Queue) {
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

func (s *ScannerFixed) scanOnce(ctx context.Context, q Queue) {
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

// Stop signals all workers and waits for them to exit. The wait happens
// after the mutex is released because workers take it on their way out.
func (s *ScannerFixed) Stop() {
	s.mu.Lock()
	if !s.started || s.stopped {
		s.mu.Unlock()
		return
	}
	s.stopped = true
	close(s.stopper)
	s.mu.Unlock()

	s.wg.Wait()
}

// Processed returns the number of replicas processed by queue name.
func (s *ScannerFixed) Processed(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.stats[name]; ok {
		return st.processed
	}
	return 0
}
