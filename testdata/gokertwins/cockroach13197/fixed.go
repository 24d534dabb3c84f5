// Package cockroach13197 is the fixed twin of GoKer kernel cockroach13197, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package cockroach13197

import "context"

// Fixed: the caller rolls the transaction back, which cancels the context
// awaitDone waits for.

type tx struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func begin(ctx context.Context) *tx {
	ctx, cancel := context.WithCancel(ctx)
	t := &tx{ctx: ctx, cancel: cancel}
	go t.awaitDone()
	return t
}

func (t *tx) awaitDone() { <-t.ctx.Done() }

func (t *tx) Rollback() { t.cancel() }

func Run() {
	t := begin(context.Background())
	t.Rollback()
}
