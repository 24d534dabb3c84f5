package prometheus_fanincloser

import "sync"

func scrapeAllFixed(targets []target) <-chan int {
	results := make(chan int, len(targets))
	var wg sync.WaitGroup
	for _, t := range targets {
		wg.Add(1)
		go func(t target) {
			defer wg.Done()
			n, err := t.scrape()
			if err != nil {
				return
			}
			results <- n
		}(t)
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	return results
}
