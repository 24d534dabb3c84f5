// Package lib has a fixable report; it is imported by app, and
// "conclint -fix ./app" must leave it alone.
package lib

import "context"

func compute() int { return 1 }

func Fetch(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() { ch <- compute() }()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
