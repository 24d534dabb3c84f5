package dockerdiskusage

import (
	"context"
	"sync"
	"sync/atomic"
)

// LayersSizeFixed returns the summed size of layers.
func (c *UsageCalculator) LayersSizeFixed(ctx context.Context, layers []Layer) int64 {
	jobs := make(chan Layer)
	var total atomic.Int64
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
				total.Add(n)
			}
		}()
	}

	for i, l := range layers {
		jobs <- l
		if c.progress != nil && i%8 == 0 {
			c.progress(i+1, total.Load())
		}
	}
	close(jobs)
	wg.Wait()
	return total.Load()
}
