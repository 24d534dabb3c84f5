// Package groups starts goroutines with errgroup.
package groups

import (
	"context"

	"golang.org/x/sync/errgroup"
)

type Fetcher struct {
	g     errgroup.Group
	limit errgroup.Group
}

func fetch(ctx context.Context, url string) error { return nil }

// BAD: errgroup without SetLimit.
func FetchAll(ctx context.Context, urls []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, u := range urls {
		g.Go(func() error { return fetch(ctx, u) }) // want `goroutine started for every element of urls \(a parameter\) with no bound: call g.SetLimit before the loop, or use a semaphore channel or a worker pool`
	}
	return g.Wait()
}

// SAFE twin: SetLimit.
func FetchAllLimited(ctx context.Context, urls []string) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for _, u := range urls {
		g.Go(func() error { return fetch(ctx, u) })
	}
	return g.Wait()
}

// BAD: a zero group.
func FetchZero(ctx context.Context, urls []string) error {
	var g errgroup.Group
	for _, u := range urls {
		g.Go(func() error { return fetch(ctx, u) }) // want `call g.SetLimit before the loop`
	}
	return g.Wait()
}

// SAFE: a group passed in may be limited by the caller.
func FetchInto(ctx context.Context, g *errgroup.Group, urls []string) {
	for _, u := range urls {
		g.Go(func() error { return fetch(ctx, u) })
	}
}

// BAD: a field group never limited; SAFE: a field group limited in the
// constructor.
func NewFetcher() *Fetcher {
	f := &Fetcher{}
	f.limit.SetLimit(4)
	return f
}

func (f *Fetcher) Fetch(ctx context.Context, urls []string) {
	for _, u := range urls {
		f.g.Go(func() error { return fetch(ctx, u) }) // want `call f.g.SetLimit before the loop`
		f.limit.Go(func() error { return fetch(ctx, u) })
	}
}

// SAFE: TryGo whose result is checked handles a full group.
func TryAll(ctx context.Context, urls []string) {
	var g errgroup.Group
	g.SetLimit(2)
	for _, u := range urls {
		if !g.TryGo(func() error { return fetch(ctx, u) }) {
			_ = fetch(ctx, u)
		}
	}
}

// SAFE twin of FetchZero: a zero group with a limit.
func FetchZeroLimited(ctx context.Context, urls []string) error {
	var g errgroup.Group
	g.SetLimit(4)
	for _, u := range urls {
		g.Go(func() error { return fetch(ctx, u) })
	}
	return g.Wait()
}
