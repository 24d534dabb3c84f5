// Package eg: errgroup workers and their results.
package eg

import (
	"context"

	"golang.org/x/sync/errgroup"
)

func fetch(string) (int, error) { return 0, nil }

// Safe: errgroup.Wait waits for every worker; results are buffered.
func fetchAll(ctx context.Context, urls []string) ([]int, error) {
	g, ctx := errgroup.WithContext(ctx)
	res := make(chan int, len(urls))
	for _, u := range urls {
		g.Go(func() error {
			n, err := fetch(u)
			if err != nil {
				return err
			}
			res <- n
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	close(res)
	var out []int
	for n := range res {
		out = append(out, n)
	}
	return out, nil
}

// An errgroup worker sends on an unbuffered channel while the spawner
// returns on cancellation without receiving.
func first(ctx context.Context, urls []string) (int, error) {
	g := new(errgroup.Group)
	ch := make(chan int)
	g.Go(func() error {
		n, err := fetch(urls[0])
		if err != nil {
			return err
		}
		ch <- n // want `goroutine can block forever on this send`
		return nil
	})
	select {
	case n := <-ch:
		return n, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
