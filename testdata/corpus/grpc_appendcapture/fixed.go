package grpc_appendcapture

import "sync"

// checkAllFixed writes each result to its own index.
func checkAllFixed(services []string, probe func(string) bool) []healthResult {
	results := make([]healthResult, len(services))
	var wg sync.WaitGroup
	for c := 0; c < numCheckers; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c; i < len(services); i += numCheckers {
				results[i] = healthResult{services[i], probe(services[i])}
			}
		}()
	}
	wg.Wait()
	return results
}
