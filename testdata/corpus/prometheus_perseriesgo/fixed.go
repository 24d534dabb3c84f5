package prometheus_perseriesgo

import "sync"

const maxQueryConcurrency = 8

// queryFixed bounds the fan-out.
func (q *querier) queryFixed(matchers []Matcher) []string {
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		out []string
	)
	sem := make(chan struct{}, maxQueryConcurrency)
	for i := range matchers {
		wg.Add(1)
		sem <- struct{}{}
		go func(m Matcher) {
			defer wg.Done()
			defer func() { <-sem }()
			s := q.selectSeries(m)
			mu.Lock()
			out = append(out, s...)
			mu.Unlock()
		}(matchers[i])
	}
	wg.Wait()
	return out
}
