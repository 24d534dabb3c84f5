// Package kubernetestopologycache models a topology cache read by the
// endpoint-hints goroutine and refreshed by the node-informer goroutine.
// The hints path holds the read lock and calls a helper that takes the read
// lock again; when the refresh goroutine calls Lock between the two, the
// second RLock queues behind the pending writer, which in turn waits for the
// first RLock, and both goroutines block forever.
package kubernetestopologycache

import (
	"context"
	"sort"
	"sync"
	"time"
)

// NodeInfo is the cached view of a node.
type NodeInfo struct {
	Name        string
	Zone        string
	Allocatable int64
	Ready       bool
}

// NodeLister lists nodes from the informer cache.
type NodeLister interface {
	List() ([]NodeInfo, error)
}

// HintsSink receives per-zone hint allocations.
type HintsSink interface {
	SetHints(service string, zones map[string]float64)
}

// TopologyCache tracks allocatable capacity per zone.
type TopologyCache struct {
	mu        sync.RWMutex
	nodes     map[string]NodeInfo
	zoneNodes map[string][]string
	updated   time.Time
	now       func() time.Time
}

// NewTopologyCache returns an empty cache.
func NewTopologyCache() *TopologyCache {
	return &TopologyCache{nodes: make(map[string]NodeInfo), zoneNodes: make(map[string][]string), now: time.Now}
}

// SetNodes replaces the cached node set.
func (c *TopologyCache) SetNodes(nodes []NodeInfo) {
	c.mu.Lock() // WANT(goroutineleak)
	defer c.mu.Unlock()
	c.nodes = make(map[string]NodeInfo, len(nodes))
	c.zoneNodes = make(map[string][]string)
	for _, n := range nodes {
		c.nodes[n.Name] = n
		c.zoneNodes[n.Zone] = append(c.zoneNodes[n.Zone], n.Name)
	}
	c.updated = c.now()
}

func (c *TopologyCache) zoneCapacity(zone string) int64 {
	c.mu.RLock() // WANT(goroutineleak)
	defer c.mu.RUnlock()
	var total int64
	for _, name := range c.zoneNodes[zone] {
		if n := c.nodes[name]; n.Ready {
			total += n.Allocatable
		}
	}
	return total
}

// ZoneRatios returns each zone's share of ready allocatable capacity.
func (c *TopologyCache) ZoneRatios() map[string]float64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	zones := make([]string, 0, len(c.zoneNodes))
	for z := range c.zoneNodes {
		zones = append(zones, z)
	}
	sort.Strings(zones)
	caps := make(map[string]int64, len(zones))
	var total int64
	for _, z := range zones {
		caps[z] = c.zoneCapacity(z)
		total += caps[z]
	}
	out := make(map[string]float64, len(zones))
	if total == 0 {
		return out
	}
	for z, v := range caps {
		out[z] = float64(v) / float64(total)
	}
	return out
}

// Controller wires the cache to its producer and consumer goroutines.
type Controller struct {
	cache    *TopologyCache
	lister   NodeLister
	sink     HintsSink
	services []string
	resync   time.Duration
}

// Run starts the node refresh and hint allocation loops.
func (ctrl *Controller) Run(ctx context.Context) {
	go ctrl.refreshNodes(ctx)
	go ctrl.allocateHints(ctx)
	<-ctx.Done()
}

func (ctrl *Controller) refreshNodes(ctx context.Context) {
	t := time.NewTicker(ctrl.resync)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		nodes, err := ctrl.lister.List()
		if err != nil {
			continue
		}
		ctrl.cache.SetNodes(nodes)
	}
}

func (ctrl *Controller) allocateHints(ctx context.Context) {
	t := time.NewTicker(ctrl.resync)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		ratios := ctrl.cache.ZoneRatios()
		for _, svc := range ctrl.services {
			ctrl.sink.SetHints(svc, ratios)
		}
	}
}
