package shardrunner

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

type RunnerFixed struct {
	Shards   int
	Reporter Reporter
	Out      io.Writer
	Now      func() time.Time
}

func (r *RunnerFixed) partition(specs []Spec) [][]Spec {
	n := r.Shards
	if n <= 0 {
		n = 1
	}
	shards := make([][]Spec, n)
	for i, s := range specs {
		shards[i%n] = append(shards[i%n], s)
	}
	return shards
}

func (r *RunnerFixed) runSpec(ctx context.Context, shard int, s Spec) SpecResult {
	start := r.Now()
	sctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	err := s.Run(sctx)
	return SpecResult{Spec: s.Name, Shard: shard, Err: err, Duration: r.Now().Sub(start)}
}

// RunAll runs every spec and reports whether the whole suite passed.
func (r *RunnerFixed) RunAll(ctx context.Context, specs []Spec) bool {
	var (
		wg     sync.WaitGroup
		failed atomic.Bool
	)
	for i, shard := range r.partition(specs) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, s := range shard {
				res := r.runSpec(ctx, i, s)
				r.Reporter.SpecDone(res)
				if res.Err != nil {
					failed.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	if failed.Load() {
		fmt.Fprintln(r.Out, "FAIL")
	} else {
		fmt.Fprintln(r.Out, "PASS")
	}
	return !failed.Load()
}
