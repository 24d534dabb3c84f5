// Package balancerpick models a round-robin client-side load balancer whose
// embedded RWMutex protects the backend list that resolver updates replace.
// Pick reads the slice length and indexes the slice without taking the read
// lock, racing with UpdateState and able to index a list that was shrunk
// between the length check and the index.
package balancerpick

import (
	"errors"
	"sync"
	"sync/atomic"
)

var ErrNoSubConnAvailable = errors.New("balancer: no SubConn is available")

type Address struct {
	Addr       string
	ServerName string
	Weight     uint32
}

type SubConn interface {
	Connect()
	Shutdown()
	Address() Address
}

type SubConnFactory interface {
	NewSubConn(addr Address) (SubConn, error)
}

type Logger interface {
	Infof(format string, args ...any)
}

type ResolverState struct {
	Addresses []Address
}

type PickInfo struct {
	FullMethodName string
}

type PickResult struct {
	SubConn SubConn
	Done    func(err error)
}

type RoundRobin struct {
	sync.RWMutex
	backends []SubConn
	byAddr   map[string]SubConn

	next    atomic.Uint32
	factory SubConnFactory
	logger  Logger
}

func NewRoundRobin(f SubConnFactory, l Logger) *RoundRobin {
	return &RoundRobin{factory: f, logger: l, byAddr: make(map[string]SubConn)}
}

func (b *RoundRobin) UpdateState(s ResolverState) error {
	b.Lock()
	defer b.Unlock()
	seen := make(map[string]bool, len(s.Addresses))
	backends := make([]SubConn, 0, len(s.Addresses))
	for _, a := range s.Addresses {
		seen[a.Addr] = true
		sc, ok := b.byAddr[a.Addr]
		if !ok {
			var err error
			sc, err = b.factory.NewSubConn(a)
			if err != nil {
				b.logger.Infof("round_robin: failed to create SubConn for %s: %v", a.Addr, err)
				continue
			}
			b.byAddr[a.Addr] = sc
			sc.Connect()
		}
		backends = append(backends, sc)
	}
	for addr, sc := range b.byAddr {
		if !seen[addr] {
			sc.Shutdown()
			delete(b.byAddr, addr)
		}
	}
	b.backends = backends
	return nil
}

func (b *RoundRobin) Pick(info PickInfo) (PickResult, error) {
	n := len(b.backends) // WANT(guardedby)
	if n == 0 {
		return PickResult{}, ErrNoSubConnAvailable
	}
	idx := b.next.Add(1) % uint32(n)
	return PickResult{SubConn: b.backends[idx]}, nil // WANT(guardedby)
}

func (b *RoundRobin) Backends() []Address {
	b.RLock()
	defer b.RUnlock()
	out := make([]Address, 0, len(b.backends))
	for _, sc := range b.backends {
		out = append(out, sc.Address())
	}
	return out
}

func (b *RoundRobin) Close() {
	b.Lock()
	defer b.Unlock()
	for _, sc := range b.byAddr {
		sc.Shutdown()
	}
	b.byAddr = nil
	b.backends = nil
}
