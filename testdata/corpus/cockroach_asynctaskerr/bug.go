// Package cockroach_asynctaskerr models a CockroachDB-style race: a task
// started through the stopper's RunAsyncTask helper assigns a variable of
// the caller, which reads it right after starting the task. The helper
// runs the closure on a goroutine of its own, exactly like a go statement.
package cockroach_asynctaskerr

import (
	"context"
	"sync"
)

// A Stopper tracks the tasks it starts.
type Stopper struct {
	wg sync.WaitGroup
}

// RunAsyncTask runs f on a new goroutine.
func (s *Stopper) RunAsyncTask(ctx context.Context, name string, f func(context.Context)) error {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f(ctx)
	}()
	return nil
}

// Stop waits for every task.
func (s *Stopper) Stop() { s.wg.Wait() }

type replica struct{ id int }

func (r *replica) sendSnapshot(ctx context.Context) error { return nil }

// maybeSendSnapshot sends a snapshot in the background and reports its
// error — which the task may not have produced yet.
func maybeSendSnapshot(ctx context.Context, s *Stopper, r *replica) error {
	var err error
	if e := s.RunAsyncTask(ctx, "snapshot", func(ctx context.Context) {
		err = r.sendSnapshot(ctx)
	}); e != nil {
		return e
	}
	return err // WANT(capturerace)
}
