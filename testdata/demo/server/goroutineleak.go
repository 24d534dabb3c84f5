package server

import (
	"context"
	"errors"
	"time"
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
