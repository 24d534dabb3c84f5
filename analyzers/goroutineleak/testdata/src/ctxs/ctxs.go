// Package ctxs holds goroutines waiting on contexts that are never
// cancelled, each with a safe twin.
package ctxs

import (
	"context"
	"time"
)

func cleanup() {}

// The watcher waits for a context nobody can cancel.
func startJanitor() {
	ctx := context.Background()
	go func() {
		<-ctx.Done() // want `goroutine can block forever on this receive: the context made at line \d+ is never cancelled`
		cleanup()
	}()
}

// Safe twin: cancelled by defer cancel().
func startJanitorCancel() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-ctx.Done()
		cleanup()
	}()
}

// WithCancel with its cancel function thrown away.
func startLost() {
	ctx, _ := context.WithCancel(context.TODO())
	go func(ctx context.Context) {
		<-ctx.Done() // want `goroutine can block forever on this receive: the context made at line \d+ is never cancelled`
	}(ctx)
}

// Safe: a timeout cancels itself.
func startTimeout() {
	ctx, _ := context.WithTimeout(context.Background(), time.Second)
	go func() {
		<-ctx.Done()
		cleanup()
	}()
}

// Safe: the caller's context is cancellable.
func startWith(ctx context.Context) {
	go func() {
		<-ctx.Done()
		cleanup()
	}()
}

// Safe: another way out.
func startEither(stop chan struct{}) {
	ctx := context.Background()
	go func() {
		select {
		case <-ctx.Done():
		case <-stop:
		}
	}()
}
