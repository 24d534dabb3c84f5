package server

import (
	"context"
	"errors"
	"time"

	"example.com/demo/queue"
)

// ErrSlowBackend is returned when a health probe does not answer in time.
var ErrSlowBackend = errors.New("backend too slow")

type probeResult struct {
	value string
	err   error
}

// Probe asks the backend for a well-known key and gives up after wait.
// Every probe that times out leaves its worker goroutine blocked forever
// on the send: nobody receives once Probe has returned.
func (s *Server) Probe(ctx context.Context, wait time.Duration) (string, error) {
	res := make(chan probeResult)
	go func() {
		v, err := s.backend.Lookup(ctx, "health")
		res <- probeResult{v, err} // WRONG(goroutineleak): after the timeout nobody receives, the worker leaks
	}()
	select {
	case r := <-res:
		return r.value, r.err
	case <-time.After(wait):
		return "", ErrSlowBackend
	}
}

// ProbeSafe is Probe done right.
// RIGHT: a buffer of one lets the worker finish and be collected after a
// timeout.
func (s *Server) ProbeSafe(ctx context.Context, wait time.Duration) (string, error) {
	res := make(chan probeResult, 1)
	go func() {
		v, err := s.backend.Lookup(ctx, "health")
		res <- probeResult{v, err}
	}()
	select {
	case r := <-res:
		return r.value, r.err
	case <-time.After(wait):
		return "", ErrSlowBackend
	}
}

// RunJob runs one job through queue.Run on a goroutine of its own and
// waits for the result until ctx is done. queue.Run, in another package,
// sends on done: once ctx is done nobody receives, and the goroutine leaks.
func (s *Server) RunJob(ctx context.Context, j queue.Job, fn func(queue.Job) error) error {
	done := make(chan queue.Result)
	go queue.Run(j, fn, done) // WRONG(goroutineleak): queue.Run sends on done, and after ctx is done nobody receives
	select {
	case r := <-done:
		return r.Err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// RunJobSafe is RunJob done right.
// RIGHT: a buffer of one lets queue.Run deliver its result and return
// after ctx is done.
func (s *Server) RunJobSafe(ctx context.Context, j queue.Job, fn func(queue.Job) error) error {
	done := make(chan queue.Result, 1)
	go queue.Run(j, fn, done)
	select {
	case r := <-done:
		return r.Err
	case <-ctx.Done():
		return ctx.Err()
	}
}
