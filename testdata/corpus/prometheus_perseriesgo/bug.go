// Package prometheus_perseriesgo models a Prometheus-style remote-read bug:
// the handler decodes a query with an arbitrary number of matchers from the
// request and starts one goroutine per matcher, so a single crafted request
// can start millions of goroutines.
package prometheus_perseriesgo

import "sync"

type Matcher struct {
	Name, Value string
}

type querier struct {
	selectSeries func(m Matcher) []string
}

// query runs every matcher concurrently and merges the series.
func (q *querier) query(matchers []Matcher) []string {
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		out []string
	)
	for i := range matchers {
		wg.Add(1)
		go func(m Matcher) { // WANT(unboundedgo)
			defer wg.Done()
			s := q.selectSeries(m)
			mu.Lock()
			out = append(out, s...)
			mu.Unlock()
		}(matchers[i])
	}
	wg.Wait()
	return out
}
