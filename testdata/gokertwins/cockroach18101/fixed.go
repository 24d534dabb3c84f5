// Package cockroach18101 is the fixed twin of GoKer kernel cockroach18101, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package cockroach18101

import "context"

// Fixed: the sender gives up when the context is done, like the reader.

func restore(ctx context.Context) bool {
	ready := make(chan bool, 6)
	go func() {
		defer close(ready)
		splitAndScatter(ctx, ready)
	}()
	for range ready {
		select {
		case <-ctx.Done():
			return false
		default:
		}
	}
	return true
}

func splitAndScatter(ctx context.Context, ready chan bool) {
	for i := 0; i < 8; i++ {
		select {
		case ready <- i != 0:
		case <-ctx.Done():
			return
		}
	}
}

func Run() {
	ctx, cancel := context.WithCancel(context.Background())
	go restore(ctx)
	go cancel()
}
