package grpc_appendcapture

import "sync"

// checkAllFixed writes each result to its own index.
func checkAllFixed(services []string, probe func(string) bool) []healthResult {
	results := make([]healthResult, len(services))
	var wg sync.WaitGroup
	for i, svc := range services {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = healthResult{svc, probe(svc)}
		}()
	}
	wg.Wait()
	return results
}
