// Package setunion models a generic concurrent Set[T] with an embedded mutex
// whose Union locks the receiver and then the argument. The scheduler's node
// pool cache seeds a new datacenter entry with the incoming set itself and then
// unions the same set into it, so Union runs as s.Union(s) and locks s.Mutex
// twice.
package setunion

import (
	"sort"
	"sync"
)

type Set[T comparable] struct {
	sync.Mutex
	items map[T]struct{}
}

func NewSet[T comparable](items ...T) *Set[T] {
	s := &Set[T]{items: make(map[T]struct{}, len(items))}
	for _, it := range items {
		s.items[it] = struct{}{}
	}
	return s
}

func (s *Set[T]) Insert(v T) bool {
	s.Lock()
	defer s.Unlock()
	if _, ok := s.items[v]; ok {
		return false
	}
	s.items[v] = struct{}{}
	return true
}

func (s *Set[T]) Remove(v T) {
	s.Lock()
	delete(s.items, v)
	s.Unlock()
}

func (s *Set[T]) Contains(v T) bool {
	s.Lock()
	defer s.Unlock()
	_, ok := s.items[v]
	return ok
}

func (s *Set[T]) Len() int {
	s.Lock()
	defer s.Unlock()
	return len(s.items)
}

func (s *Set[T]) Slice() []T {
	s.Lock()
	defer s.Unlock()
	out := make([]T, 0, len(s.items))
	for v := range s.items {
		out = append(out, v)
	}
	return out
}

// Union adds every element of other to s and reports how many were new.
func (s *Set[T]) Union(other *Set[T]) int {
	s.Lock()
	defer s.Unlock()
	other.Lock() // WANT(doublelock)
	defer other.Unlock()
	added := 0
	for v := range other.items {
		if _, ok := s.items[v]; !ok {
			s.items[v] = struct{}{}
			added++
		}
	}
	return added
}

type NodeID string

type Metrics interface {
	SetGauge(name string, value float64, labels map[string]string)
}

// NodePoolCache tracks which nodes are eligible in each datacenter.
type NodePoolCache struct {
	metrics Metrics

	mu          sync.Mutex
	datacenters map[string]*Set[NodeID]
}

func NewNodePoolCache(m Metrics) *NodePoolCache {
	return &NodePoolCache{metrics: m, datacenters: make(map[string]*Set[NodeID])}
}

// Merge folds a batch of newly eligible nodes into the datacenter's set.
func (c *NodePoolCache) Merge(dc string, eligible *Set[NodeID]) int {
	c.mu.Lock()
	pool, ok := c.datacenters[dc]
	if !ok {
		pool = eligible
		c.datacenters[dc] = pool
	}
	c.mu.Unlock()

	added := pool.Union(eligible)
	c.metrics.SetGauge("nomad.nodepool.eligible", float64(pool.Len()), map[string]string{"datacenter": dc})
	return added
}

func (c *NodePoolCache) Eligible(dc string) []NodeID {
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

func (c *NodePoolCache) MarkIneligible(dc string, id NodeID) {
	c.mu.Lock()
	pool := c.datacenters[dc]
	c.mu.Unlock()
	if pool != nil {
		pool.Remove(id)
	}
}
