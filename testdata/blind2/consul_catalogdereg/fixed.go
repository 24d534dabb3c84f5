package catalogdereg

import (
	"sync"
	"time"
)

type HealthCheckFixed struct {
	CheckID string
	Node    string

	catalog *CatalogFixed

	mu           sync.Mutex
	status       CheckStatus
	output       string
	deregistered bool
	lastUpdate   time.Time
}

func (h *HealthCheckFixed) UpdateStatus(status CheckStatus, output string) {
	h.mu.Lock()
	if h.deregistered || (h.status == status && h.output == output) {
		h.mu.Unlock()
		return
	}
	h.status = status
	h.output = output
	h.lastUpdate = h.catalog.now()
	h.mu.Unlock()

	h.catalog.reindexCheck(h)
}

func (h *HealthCheckFixed) Status() CheckStatus {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.status
}

func (h *HealthCheckFixed) markDeregistered() {
	h.mu.Lock()
	h.deregistered = true
	h.status = StatusCritical
	h.output = "node deregistered"
	h.mu.Unlock()
}

type CatalogFixed struct {
	logger Logger
	now    func() time.Time

	// mu is always acquired before any HealthCheckFixed.mu.
	mu       sync.Mutex
	index    uint64
	nodes    map[string]*Node
	checks   map[string]*HealthCheckFixed
	byStatus map[CheckStatus]map[string]struct{}
}

func NewCatalogFixed(logger Logger, now func() time.Time) *CatalogFixed {
	if now == nil {
		now = time.Now
	}
	return &CatalogFixed{
		logger: logger,
		now:    now,
		nodes:  make(map[string]*Node),
		checks: make(map[string]*HealthCheckFixed),
		byStatus: map[CheckStatus]map[string]struct{}{
			StatusPassing:  {},
			StatusWarning:  {},
			StatusCritical: {},
		},
	}
}

func (c *CatalogFixed) RegisterNode(n *Node) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.nodes[n.Name] = n
	c.index++
	return c.index
}

func (c *CatalogFixed) RegisterCheck(node, checkID string) (*HealthCheckFixed, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.nodes[node]; !ok {
		return nil, ErrNodeNotFound
	}
	chk := &HealthCheckFixed{
		CheckID: checkID,
		Node:    node,
		catalog: c,
		status:  StatusCritical,
	}
	c.checks[checkID] = chk
	c.byStatus[StatusCritical][checkID] = struct{}{}
	c.index++
	return chk, nil
}

func (c *CatalogFixed) DeregisterNode(name string) (uint64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.nodes[name]; !ok {
		return 0, ErrNodeNotFound
	}
	for id, chk := range c.checks {
		if chk.Node != name {
			continue
		}
		chk.markDeregistered()
		delete(c.checks, id)
		for _, set := range c.byStatus {
			delete(set, id)
		}
	}
	delete(c.nodes, name)
	c.index++
	c.logger.Printf("[INFO] catalog: deregistered node %q at index %d", name, c.index)
	return c.index, nil
}

func (c *CatalogFixed) reindexCheck(chk *HealthCheckFixed) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.checks[chk.CheckID] != chk {
		return
	}
	status := chk.Status()
	for _, set := range c.byStatus {
		delete(set, chk.CheckID)
	}
	c.byStatus[status][chk.CheckID] = struct{}{}
	c.index++
}

func (c *CatalogFixed) Index() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.index
}

func (c *CatalogFixed) ChecksInState(status CheckStatus) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.byStatus[status]))
	for id := range c.byStatus[status] {
		out = append(out, id)
	}
	return out
}
