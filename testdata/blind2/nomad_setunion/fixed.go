package setunion

import (
	"sort"
	"sync"
)

type SetFixed[T comparable] struct {
	sync.Mutex
	items map[T]struct{}
}

func NewSetFixed[T comparable](items ...T) *SetFixed[T] {
	s := &SetFixed[T]{items: make(map[T]struct{}, len(items))}
	for _, it := range items {
		s.items[it] = struct{}{}
	}
	return s
}

func (s *SetFixed[T]) Insert(v T) bool {
	s.Lock()
	defer s.Unlock()
	if _, ok := s.items[v]; ok {
		return false
	}
	s.items[v] = struct{}{}
	return true
}

func (s *SetFixed[T]) Remove(v T) {
	s.Lock()
	delete(s.items, v)
	s.Unlock()
}

func (s *SetFixed[T]) Contains(v T) bool {
	s.Lock()
	defer s.Unlock()
	_, ok := s.items[v]
	return ok
}

func (s *SetFixed[T]) Len() int {
	s.Lock()
	defer s.Unlock()
	return len(s.items)
}

func (s *SetFixed[T]) Slice() []T {
	s.Lock()
	defer s.Unlock()
	out := make([]T, 0, len(s.items))
	for v := range s.items {
		out = append(out, v)
	}
	return out
}

// Union adds every element of other to s and reports how many were new.
func (s *SetFixed[T]) Union(other *SetFixed[T]) int {
	if s == other {
		return 0
	}
	incoming := other.Slice()
	s.Lock()
	defer s.Unlock()
	added := 0
	for _, v := range incoming {
		if _, ok := s.items[v]; !ok {
			s.items[v] = struct{}{}
			added++
		}
	}
	return added
}

type NodePoolCacheFixed struct {
	metrics Metrics

	mu          sync.Mutex
	datacenters map[string]*SetFixed[NodeID]
}

func NewNodePoolCacheFixed(m Metrics) *NodePoolCacheFixed {
	return &NodePoolCacheFixed{metrics: m, datacenters: make(map[string]*SetFixed[NodeID])}
}

func (c *NodePoolCacheFixed) Merge(dc string, eligible *SetFixed[NodeID]) int {
	c.mu.Lock()
	pool, ok := c.datacenters[dc]
	if !ok {
		pool = NewSetFixed[NodeID]()
		c.datacenters[dc] = pool
	}
	c.mu.Unlock()

	added := pool.Union(eligible)
	c.metrics.SetGauge("nomad.nodepool.eligible", float64(pool.Len()), map[string]string{"datacenter": dc})
	return added
}

func (c *NodePoolCacheFixed) Eligible(dc string) []NodeID {
	c.mu.Lock()
	pool := c.datacenters[dc]
	c.mu.Unlock()
	if pool == nil {
		return nil
	}
	ids := pool.Slice()
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

func (c *NodePoolCacheFixed) MarkIneligible(dc string, id NodeID) {
	c.mu.Lock()
	pool := c.datacenters[dc]
	c.mu.Unlock()
	if pool != nil {
		pool.Remove(id)
	}
}
