// Package kubernetespreflight models node preflight checks run in parallel,
// each goroutine sending its outcome on an unbuffered error channel. The
// runner returns as soon as it reads the first failure, leaving every check
// that has not reported yet blocked forever on its send.
package kubernetespreflight

import (
	"context"
	"fmt"
	"time"
)

// Checker is a single preflight check.
type Checker interface {
	Name() string
	Check(ctx context.Context) (warnings []string, err error)
}

// Logger is the injected logger.
type Logger interface {
	Warnf(format string, args ...any)
}

// CheckError wraps a failed check.
type CheckError struct {
	Check string
	Err   error
}

func (e *CheckError) Error() string { return fmt.Sprintf("[preflight] %s: %v", e.Check, e.Err) }
func (e *CheckError) Unwrap() error { return e.Err }

// Runner executes preflight checks.
type Runner struct {
	checks  []Checker
	log     Logger
	timeout time.Duration
	ignored map[string]bool
}

// NewRunner returns a runner; checks named in ignore only warn.
func NewRunner(log Logger, timeout time.Duration, ignore []string, checks ...Checker) *Runner {
	ig := make(map[string]bool, len(ignore))
	for _, n := range ignore {
		ig[n] = true
	}
	return &Runner{checks: checks, log: log, timeout: timeout, ignored: ig}
}

func (r *Runner) runOne(ctx context.Context, c Checker) error {
	warnings, err := c.Check(ctx)
	for _, w := range warnings {
		r.log.Warnf("[preflight] %s: %s", c.Name(), w)
	}
	if err != nil && r.ignored[c.Name()] {
		r.log.Warnf("[preflight] ignoring failed check %s: %v", c.Name(), err)
		return nil
	}
	if err != nil {
		return &CheckError{Check: c.Name(), Err: err}
	}
	return nil
}

// Run executes all checks and returns the first failure.
func (r *Runner) Run(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	errc := make(chan error)
	for _, c := range r.checks {
		go func() {
			errc <- r.runOne(ctx, c) // WANT(goroutineleak)
		}()
	}
	for range r.checks {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}
