// Package grpc_balancercallback models a gRPC-Go balancer deadlock: the
// balancer wrapper holds its mutex while it updates the sub-connection state,
// and the update path calls back into a wrapper method that takes the same
// mutex (doublelock through a chain of calls).
package grpc_balancercallback

import "sync"

type ConnectivityState int

const (
	Idle ConnectivityState = iota
	Connecting
	Ready
)

type balancerWrapper struct {
	mu       sync.Mutex
	subConns map[string]ConnectivityState
	picker   string
}

func (b *balancerWrapper) regeneratePicker() {
	b.mu.Lock() // WANT(doublelock)
	defer b.mu.Unlock()
	n := 0
	for _, s := range b.subConns {
		if s == Ready {
			n++
		}
	}
	if n > 0 {
		b.picker = "round_robin"
	} else {
		b.picker = "error"
	}
}

func (b *balancerWrapper) updateState(addr string, s ConnectivityState) {
	b.subConns[addr] = s
	b.regeneratePicker()
}

// UpdateSubConnState is called by the transport. It holds b.mu across
// updateState, which reaches regeneratePicker and locks b.mu again.
func (b *balancerWrapper) UpdateSubConnState(addr string, s ConnectivityState) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.updateState(addr, s) // WANT(doublelock)
}
