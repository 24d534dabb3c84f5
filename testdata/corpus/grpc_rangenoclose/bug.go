// Package grpc_rangenoclose models a gRPC-style resolver bug: a goroutine
// ranges over an updates channel that the producer never closes, so when the
// resolver is done the consumer goroutine blocks forever in its range.
package grpc_rangenoclose

import "sync"

type Address struct{ Addr string }

type resolverWrapper struct {
	mu    sync.Mutex
	addrs []Address
}

func (r *resolverWrapper) apply(a []Address) {
	r.mu.Lock()
	r.addrs = a
	r.mu.Unlock()
}

// watch feeds resolved address lists to the balancer.
func (r *resolverWrapper) watch(lookups [][]Address) {
	updates := make(chan []Address)
	go func() {
		for a := range updates { // WANT(goroutineleak)
			r.apply(a)
		}
	}()
	for _, a := range lookups {
		updates <- a
	}
}
