package cockroach_counterrace

import (
	"sync"
	"sync/atomic"
)

// readAllFixed counts atomically.
func (t *tableReader) readAllFixed(spans []span) int {
	var rows atomic.Int64
	var wg sync.WaitGroup
	for _, s := range spans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rows.Add(int64(t.scan(s)))
		}()
	}
	wg.Wait()
	return int(rows.Load())
}
