// Package shardrunner models an e2e test-runner helper that splits specs into
// shards and runs each shard on its own goroutine. Every shard goroutine sets
// a captured failed flag when one of its specs fails, so several goroutines
// write the same bool without synchronisation.
package shardrunner

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"
)

type Spec struct {
	Name    string
	Labels  []string
	Timeout time.Duration
	Run     func(ctx context.Context) error
}

type SpecResult struct {
	Spec     string
	Shard    int
	Err      error
	Duration time.Duration
}

// Reporter implementations must be safe for concurrent use; SpecDone is
// called from every shard goroutine.
type Reporter interface {
	SpecDone(r SpecResult)
}

type Runner struct {
	Shards   int
	Reporter Reporter
	Out      io.Writer
	Now      func() time.Time
}

func (r *Runner) partition(specs []Spec) [][]Spec {
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

func (r *Runner) runSpec(ctx context.Context, shard int, s Spec) SpecResult {
	start := r.Now()
	sctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	err := s.Run(sctx)
	return SpecResult{Spec: s.Name, Shard: shard, Err: err, Duration: r.Now().Sub(start)}
}

// RunAll runs every spec and reports whether the whole suite passed.
func (r *Runner) RunAll(ctx context.Context, specs []Spec) bool {
	var (
		wg     sync.WaitGroup
		failed bool
	)
	for i, shard := range r.partition(specs) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, s := range shard {
				res := r.runSpec(ctx, i, s)
				r.Reporter.SpecDone(res)
				if res.Err != nil {
					failed = true // WANT(capturerace)
				}
			}
		}()
	}
	wg.Wait()
	if failed {
		fmt.Fprintln(r.Out, "FAIL")
	} else {
		fmt.Fprintln(r.Out, "PASS")
	}
	return !failed
}
