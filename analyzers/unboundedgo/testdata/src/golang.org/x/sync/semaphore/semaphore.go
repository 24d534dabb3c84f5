// Package semaphore is a testdata stub of golang.org/x/sync/semaphore.
package semaphore

import "context"

type Weighted struct{ size int64 }

func NewWeighted(n int64) *Weighted { return &Weighted{size: n} }

func (s *Weighted) Acquire(ctx context.Context, n int64) error { return nil }
func (s *Weighted) TryAcquire(n int64) bool                    { return true }
func (s *Weighted) Release(n int64)                            {}
