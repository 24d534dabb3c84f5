// Package app has fixable reports, a suppressed one that must stay as it
// is, and one without a fix.
package app

import (
	"context"
	"sync"
	"time"

	"example.com/fix/lib"
)

func compute() int { return 1 }

// Probe leaks its goroutine when ctx is done first: the fix buffers ch.
func Probe(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() { ch <- compute() }()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Spin has an empty default branch (SA5004): the fix removes it.
func Spin(done <-chan struct{}) {
	for {
		select {
		case <-done:
			return
		default:
		}
	}
}

// Known is suppressed: no report, so no fix either.
func Known(ctx context.Context) (int, error) {
	ch := make(chan int)
	//conclint:ignore goroutineleak the caller never cancels ctx
	go func() { ch <- compute() }()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Empty has no fix: the report stays after -fix.
func Empty(mu *sync.Mutex) {
	mu.Lock()
	mu.Unlock()
}

func Use(ctx context.Context) {
	_, _ = lib.Fetch(ctx)
	time.Sleep(0)
}
