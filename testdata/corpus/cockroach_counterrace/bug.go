// Package cockroach_counterrace models a CockroachDB-style race: a
// distributed-SQL flow counts the rows its parallel readers produced by
// incrementing a captured counter from each reader goroutine.
package cockroach_counterrace

import "sync"

type span struct{ start, end string }

const numReaders = 4

type tableReader struct {
	scan func(s span) int
}

// readAll scans the spans with numReaders parallel readers and returns the
// row count.
func (t *tableReader) readAll(spans []span) int {
	rows := 0
	var wg sync.WaitGroup
	for i := 0; i < numReaders; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := i; j < len(spans); j += numReaders {
				rows += t.scan(spans[j]) // WANT(capturerace)
			}
		}()
	}
	wg.Wait()
	return rows
}
