// Package dockerdiskusage models the `system df` size calculation: a fixed
// pool of workers ranges over a jobs channel of layers and adds each layer
// size into a total captured from the enclosing function. The feeder loop
// reads the same total between sends to report progress, racing with the
// workers' unsynchronized additions.
package dockerdiskusage

import (
	"context"
	"sync"
)

// Layer is a read-only image layer.
type Layer struct {
	ChainID string
	DiffID  string
}

// LayerSizer measures a layer on disk.
type LayerSizer interface {
	DiffSize(ctx context.Context, chainID string) (int64, error)
}

// Logger is the injected logger.
type Logger interface {
	Warnf(format string, args ...any)
}

// ProgressFunc is called with the number of layers queued and the bytes
// counted so far.
type ProgressFunc func(queued int, bytes int64)

// UsageCalculator computes disk usage of layers.
type UsageCalculator struct {
	sizer    LayerSizer
	log      Logger
	workers  int
	progress ProgressFunc
}

// NewUsageCalculator returns a calculator using n workers.
func NewUsageCalculator(s LayerSizer, log Logger, n int, progress ProgressFunc) *UsageCalculator {
	if n <= 0 {
		n = 4
	}
	return &UsageCalculator{sizer: s, log: log, workers: n, progress: progress}
}

// LayersSize returns the summed size of layers.
func (c *UsageCalculator) LayersSize(ctx context.Context, layers []Layer) int64 {
	jobs := make(chan Layer)
	var total int64
	var wg sync.WaitGroup
	for i := 0; i < c.workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for l := range jobs {
				n, err := c.sizer.DiffSize(ctx, l.ChainID)
				if err != nil {
					c.log.Warnf("failed to size layer %s: %v", l.ChainID, err)
					continue
				}
				total += n // WANT(capturerace)
			}
		}()
	}

	for i, l := range layers {
		jobs <- l
		if c.progress != nil && i%8 == 0 {
			c.progress(i+1, total) // WANT(capturerace)
		}
	}
	close(jobs)
	wg.Wait()
	return total
}
