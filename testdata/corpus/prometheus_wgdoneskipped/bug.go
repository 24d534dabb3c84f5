// Package prometheus_wgdoneskipped models a Prometheus-style shutdown hang:
// each worker calls wg.Done only at the end of its happy path; an early
// return on error skips it, and the Wait in the flusher never returns.
package prometheus_wgdoneskipped

import (
	"errors"
	"sync"
)

type sample struct {
	ref uint64
	v   float64
}

const numShards = 16

type shard struct{ samples []sample }

var errShardClosed = errors.New("shard closed")

func (s *shard) flush() error {
	if s.samples == nil {
		return errShardClosed
	}
	s.samples = s.samples[:0]
	return nil
}

// flushAll flushes every shard concurrently and waits for them.
func flushAll(shards *[numShards]*shard) {
	var wg sync.WaitGroup
	for _, s := range shards {
		wg.Add(1)
		go func() {
			if err := s.flush(); err != nil {
				return // WANT(goroutineleak)
			}
			wg.Done()
		}()
	}
	wg.Wait() // WANT(goroutineleak)
}
