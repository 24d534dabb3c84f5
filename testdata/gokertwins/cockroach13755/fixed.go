// Package cockroach13755 is the fixed twin of GoKer kernel cockroach13755, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package cockroach13755

import "context"

// Fixed: the rows are closed, which cancels the context awaitDone waits for.

type rows struct{ cancel context.CancelFunc }

func (rs *rows) initContextClose(ctx context.Context) {
	ctx, rs.cancel = context.WithCancel(ctx)
	go rs.awaitDone(ctx)
}

func (rs *rows) awaitDone(ctx context.Context) { <-ctx.Done() }

func (rs *rows) Close() { rs.cancel() }

func Run() {
	rs := &rows{}
	rs.initContextClose(context.Background())
	rs.Close()
}
