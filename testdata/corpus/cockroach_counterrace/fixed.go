package cockroach_counterrace

import (
	"sync"
	"sync/atomic"
)

// readAllFixed counts atomically.
func (t *tableReader) readAllFixed(spans []span) int {
	var rows atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < numReaders; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := i; j < len(spans); j += numReaders {
				rows.Add(int64(t.scan(spans[j])))
			}
		}()
	}
	wg.Wait()
	return int(rows.Load())
}
