// Package docexamples holds the WRONG and RIGHT examples of doc.go.
package docexamples

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

type Message struct{}

type Consumer struct {
	deliveries  chan Message
	maxInFlight int
	workers     int
}

func (c *Consumer) handle(ctx context.Context, m Message) {}

func (c *Consumer) Run(ctx context.Context) {
	for msg := range c.deliveries {
		go c.handle(ctx, msg) // want `goroutine started for every value received from c.deliveries`
	}
}

func (c *Consumer) RunSem(ctx context.Context) {
	sem := make(chan struct{}, c.maxInFlight)
	for msg := range c.deliveries {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			c.handle(ctx, msg)
		}()
	}
}

func (c *Consumer) RunPool(ctx context.Context) {
	var wg sync.WaitGroup
	for range c.workers {
		wg.Go(func() {
			for msg := range c.deliveries {
				c.handle(ctx, msg)
			}
		})
	}
	wg.Wait()
}

func index(ctx context.Context, path string) error { return nil }

func Index(ctx context.Context, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	g, ctx := errgroup.WithContext(ctx)
	for _, e := range entries {
		g.Go(func() error { return index(ctx, filepath.Join(dir, e.Name())) }) // want `goroutine started for every element of entries \(the result of os.ReadDir\)`
	}
	return g.Wait()
}

func IndexLimit(ctx context.Context, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, e := range entries {
		g.Go(func() error { return index(ctx, filepath.Join(dir, e.Name())) })
	}
	return g.Wait()
}

func IndexWeighted(ctx context.Context, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	sem := semaphore.NewWeighted(8)
	for _, e := range entries {
		if err := sem.Acquire(ctx, 1); err != nil {
			return err
		}
		go func() {
			defer sem.Release(1)
			index(ctx, filepath.Join(dir, e.Name()))
		}()
	}
	return nil
}

func IndexBatches(ctx context.Context, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for batch := range slices.Chunk(entries, 16) {
		var wg sync.WaitGroup
		for _, e := range batch {
			wg.Go(func() { index(ctx, filepath.Join(dir, e.Name())) })
		}
		wg.Wait()
	}
	return nil
}

// BAD twin of IndexBatches: no wait in the iteration.
func IndexChunks(ctx context.Context, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	for batch := range slices.Chunk(entries, 16) {
		wg.Go(func() { // want `goroutine started for every value yielded by slices.Chunk\(entries, 16\) \(over entries, the result of os.ReadDir\)`
			for _, e := range batch {
				index(ctx, filepath.Join(dir, e.Name()))
			}
		})
	}
	wg.Wait()
	return nil
}
