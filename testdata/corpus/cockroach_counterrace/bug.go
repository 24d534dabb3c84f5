// Package cockroach_counterrace models a CockroachDB-style race: a
// distributed-SQL flow counts the rows its parallel readers produced by
// incrementing a captured counter from each reader goroutine.
package cockroach_counterrace

import "sync"

type span struct{ start, end string }

type tableReader struct {
	scan func(s span) int
}

// readAll scans all spans in parallel and returns the row count.
func (t *tableReader) readAll(spans []span) int {
	rows := 0
	var wg sync.WaitGroup
	for _, s := range spans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rows += t.scan(s) // WANT(capturerace)
		}()
	}
	wg.Wait()
	return rows
}
