package balancerpick

import (
	"sync"
	"sync/atomic"
)

type RoundRobinFixed struct {
	sync.RWMutex
	backends []SubConn
	byAddr   map[string]SubConn

	next    atomic.Uint32
	factory SubConnFactory
	logger  Logger
}

func NewRoundRobinFixed(f SubConnFactory, l Logger) *RoundRobinFixed {
	return &RoundRobinFixed{factory: f, logger: l, byAddr: make(map[string]SubConn)}
}

func (b *RoundRobinFixed) UpdateState(s ResolverState) error {
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

func (b *RoundRobinFixed) Pick(info PickInfo) (PickResult, error) {
	b.RLock()
	defer b.RUnlock()
	n := len(b.backends)
	if n == 0 {
		return PickResult{}, ErrNoSubConnAvailable
	}
	idx := b.next.Add(1) % uint32(n)
	return PickResult{SubConn: b.backends[idx]}, nil
}

func (b *RoundRobinFixed) Backends() []Address {
	b.RLock()
	defer b.RUnlock()
	out := make([]Address, 0, len(b.backends))
	for _, sc := range b.backends {
		out = append(out, sc.Address())
	}
	return out
}

func (b *RoundRobinFixed) Close() {
	b.Lock()
	defer b.Unlock()
	for _, sc := range b.byAddr {
		sc.Shutdown()
	}
	b.byAddr = nil
	b.backends = nil
}
