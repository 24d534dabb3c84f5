// Package typeparams checks generic code.
package typeparams

import "context"

// A generic future whose worker leaks on cancellation.
func Await[T any](ctx context.Context, f func() T) (T, error) {
	ch := make(chan T)
	go func() {
		ch <- f() // want `goroutine can block forever on this send: the receiver can return on <-ctx.Done\(\)`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// Safe twin: buffered.
func AwaitBuffered[T any](ctx context.Context, f func() T) (T, error) {
	ch := make(chan T, 1)
	go func() {
		ch <- f()
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// A generic pipeline stage that never closes its output on error.
func Stage[T any](in []T, ok func(T) bool) bool {
	out := make(chan T)
	go func() {
		for v := range out { // want `goroutine can block forever on this range`
			_ = v
		}
	}()
	for _, v := range in {
		if !ok(v) {
			return false
		}
		out <- v
	}
	close(out)
	return true
}

// Safe twin.
func StageDefer[T any](in []T, ok func(T) bool) bool {
	out := make(chan T)
	defer close(out)
	go func() {
		for v := range out {
			_ = v
		}
	}()
	for _, v := range in {
		if !ok(v) {
			return false
		}
		out <- v
	}
	return true
}
