package kubernetestopologycache

import (
	"context"
	"sort"
	"sync"
	"time"
)

// TopologyCacheFixed tracks allocatable capacity per zone.
type TopologyCacheFixed struct {
	mu        sync.RWMutex
	nodes     map[string]NodeInfo
	zoneNodes map[string][]string
	updated   time.Time
	now       func() time.Time
}

// NewTopologyCacheFixed returns an empty cache.
func NewTopologyCacheFixed() *TopologyCacheFixed {
	return &TopologyCacheFixed{nodes: make(map[string]NodeInfo), zoneNodes: make(map[string][]string), now: time.Now}
}

// SetNodes replaces the cached node set.
func (c *TopologyCacheFixed) SetNodes(nodes []NodeInfo) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.nodes = make(map[string]NodeInfo, len(nodes))
	c.zoneNodes = make(map[string][]string)
	for _, n := range nodes {
		c.nodes[n.Name] = n
		c.zoneNodes[n.Zone] = append(c.zoneNodes[n.Zone], n.Name)
	}
	c.updated = c.now()
}

// zoneCapacityLocked sums ready capacity in zone. c.mu must be held.
func (c *TopologyCacheFixed) zoneCapacityLocked(zone string) int64 {
	var total int64
	for _, name := range c.zoneNodes[zone] {
		if n := c.nodes[name]; n.Ready {
			total += n.Allocatable
		}
	}
	return total
}

// ZoneCapacity returns the ready capacity of zone.
func (c *TopologyCacheFixed) ZoneCapacity(zone string) int64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.zoneCapacityLocked(zone)
}

// ZoneRatios returns each zone's share of ready allocatable capacity.
func (c *TopologyCacheFixed) ZoneRatios() map[string]float64 {
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
		caps[z] = c.zoneCapacityLocked(z)
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

// ControllerFixed wires the cache to its producer and consumer goroutines.
type ControllerFixed struct {
	cache    *TopologyCacheFixed
	lister   NodeLister
	sink     HintsSink
	services []string
	resync   time.Duration
}

// Run starts the node refresh and hint allocation loops.
func (ctrl *ControllerFixed) Run(ctx context.Context) {
	go ctrl.refreshNodes(ctx)
	go ctrl.allocateHints(ctx)
	<-ctx.Done()
}

func (ctrl *ControllerFixed) refreshNodes(ctx context.Context) {
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

func (ctrl *ControllerFixed) allocateHints(ctx context.Context) {
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
