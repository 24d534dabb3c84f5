package istioendpointset

import (
	"sort"
	"sync"
)

// EndpointShardFixed holds the endpoints of one service from one registry.
type EndpointShardFixed struct {
	mu        sync.Mutex
	service   string
	endpoints []Endpoint
	version   uint64
}

// Add appends endpoints reported by the service registry.
func (s *EndpointShardFixed) Add(eps ...Endpoint) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.endpoints = append(s.endpoints, eps...)
	s.version++
}

// Remove drops the endpoint with the given address.
func (s *EndpointShardFixed) Remove(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Endpoint, 0, len(s.endpoints))
	for _, ep := range s.endpoints {
		if ep.Address != addr {
			out = append(out, ep)
		}
	}
	s.endpoints = out
	s.version++
}

func (s *EndpointShardFixed) snapshot() []Endpoint {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Endpoint(nil), s.endpoints...)
}

// LocalityEndpoints builds the EDS payload from the healthy endpoints.
func (s *EndpointShardFixed) LocalityEndpoints() []LocalityLbEndpoints {
	eps := s.snapshot()

	byLocality := make(map[string]*LocalityLbEndpoints, len(eps))
	for _, ep := range eps {
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

// ControllerFixed reacts to registry events.
type ControllerFixed struct {
	shards map[string]*EndpointShardFixed
	pusher Pusher
	events chan []Endpoint
}

// Run applies registry updates and pushes on a separate goroutine.
func (c *ControllerFixed) Run(service string) {
	shard := c.shards[service]
	go func() {
		for eps := range c.events {
			shard.Add(eps...)
		}
	}()
	c.pusher.PushEDS(service, shard.LocalityEndpoints())
}
