// Package grpc_appendcapture models a gRPC-style race in a health checker:
// the checker's goroutines append their results to a slice captured from the
// enclosing function; concurrent appends lose results or corrupt the slice.
package grpc_appendcapture

import "sync"

type healthResult struct {
	service string
	serving bool
}

// checkAll probes every service.
func checkAll(services []string, probe func(string) bool) []healthResult {
	var results []healthResult
	var wg sync.WaitGroup
	for _, svc := range services {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results = append(results, healthResult{svc, probe(svc)}) // WANT(capturerace)
		}()
	}
	wg.Wait()
	return results
}
