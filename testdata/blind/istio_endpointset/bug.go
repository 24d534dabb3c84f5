// Package istioendpointset models the endpoint set of a service shard. The
// EDS push path takes the mutex only to size its output and then ranges over
// the endpoints slice field after unlocking, while the registry event handler
// appends to that slice under the mutex.
package istioendpointset

import (
	"sort"
	"sync"
)

// HealthStatus of an endpoint.
type HealthStatus int

// Health states.
const (
	Healthy HealthStatus = iota
	Unhealthy
	Draining
)

// Endpoint is one workload address.
type Endpoint struct {
	Address  string
	Port     uint32
	Locality string
	Weight   uint32
	Health   HealthStatus
}

// LocalityLbEndpoints groups endpoints by locality for an EDS response.
type LocalityLbEndpoints struct {
	Locality  string
	Endpoints []Endpoint
	Weight    uint32
}

// EndpointShard holds the endpoints of one service from one registry.
type EndpointShard struct {
	mu        sync.Mutex
	service   string
	endpoints []Endpoint
	version   uint64
}

// NewEndpointShard returns an empty shard.
func NewEndpointShard(service string) *EndpointShard {
	return &EndpointShard{service: service}
}

// Add appends endpoints reported by the service registry.
func (s *EndpointShard) Add(eps ...Endpoint) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.endpoints = append(s.endpoints, eps...)
	s.version++
}

// Remove drops the endpoint with the given address.
func (s *EndpointShard) Remove(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.endpoints[:0]
	for _, ep := range s.endpoints {
		if ep.Address != addr {
			out = append(out, ep)
		}
	}
	s.endpoints = out
	s.version++
}

// LocalityEndpoints builds the EDS payload from the healthy endpoints.
func (s *EndpointShard) LocalityEndpoints() []LocalityLbEndpoints {
	s.mu.Lock()
	n := len(s.endpoints)
	s.mu.Unlock()

	byLocality := make(map[string]*LocalityLbEndpoints, n)
	for _, ep := range s.endpoints { // WANT(guardedby)
		if ep.Health != Healthy {
			continue
		}
		l, ok := byLocality[ep.Locality]
		if !ok {
			l = &LocalityLbEndpoints{Locality: ep.Locality}
			byLocality[ep.Locality] = l
		}
		l.Endpoints = append(l.Endpoints, ep)
		l.Weight += ep.Weight
	}
	out := make([]LocalityLbEndpoints, 0, len(byLocality))
	for _, l := range byLocality {
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Locality < out[j].Locality })
	return out
}

// Pusher sends EDS updates to connected proxies.
type Pusher interface {
	PushEDS(service string, eps []LocalityLbEndpoints)
}

// Controller reacts to registry events.
type Controller struct {
	shards map[string]*EndpointShard
	pusher Pusher
	events chan []Endpoint
}

// Run applies registry updates and pushes on a separate goroutine.
func (c *Controller) Run(service string) {
	shard := c.shards[service]
	go func() {
		for eps := range c.events {
			shard.Add(eps...)
		}
	}()
	c.pusher.PushEDS(service, shard.LocalityEndpoints())
}
