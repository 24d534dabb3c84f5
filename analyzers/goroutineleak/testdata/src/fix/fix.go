// Package fix checks the buffer-of-one suggested fix.
package fix

import "context"

func compute() int { return 1 }

func withFix(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() { ch <- compute() }() // want `goroutine can block forever on this send`
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// No fix: the goroutine runs in a loop, one slot is not provably enough.
func noFixLoop(ctx context.Context, n int) (int, error) {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() { ch <- compute() }() // want `goroutine can block forever on this send`
	}
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
