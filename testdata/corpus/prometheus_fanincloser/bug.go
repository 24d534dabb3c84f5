// Package prometheus_fanincloser models a scrape fan-in: one goroutine per
// target, and a closer goroutine that waits for them and closes the
// results. A target that fails returns without Done, so the closer never
// closes and the consumer's range never ends.
package prometheus_fanincloser

import (
	"errors"
	"sync"
)

type target struct{ url string }

func (t target) scrape() (int, error) {
	if t.url == "" {
		return 0, errors.New("no url")
	}
	return len(t.url), nil
}

func scrapeAll(targets []target) <-chan int {
	results := make(chan int, len(targets))
	var wg sync.WaitGroup
	for _, t := range targets {
		wg.Add(1)
		go func(t target) {
			n, err := t.scrape()
			if err != nil {
				return
			}
			results <- n
			wg.Done()
		}(t)
	}
	go func() {
		wg.Wait() // WANT(goroutineleak)
		close(results)
	}()
	return results
}
