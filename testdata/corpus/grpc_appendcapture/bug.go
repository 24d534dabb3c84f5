// Package grpc_appendcapture models a gRPC-style race in a health checker:
// the checker's goroutines append their results to a slice captured from the
// enclosing function; concurrent appends lose results or corrupt the slice.
package grpc_appendcapture

import "sync"

type healthResult struct {
	service string
	serving bool
}

const numCheckers = 4

// checkAll probes every service with numCheckers goroutines.
func checkAll(services []string, probe func(string) bool) []healthResult {
	var results []healthResult
	var wg sync.WaitGroup
	for c := 0; c < numCheckers; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c; i < len(services); i += numCheckers {
				results = append(results, healthResult{services[i], probe(services[i])}) // WANT(capturerace)
			}
		}()
	}
	wg.Wait()
	return results
}
