// Package catalogdereg models a service-discovery catalog whose node
// deregistration holds the catalog lock and then takes each health check's
// lock to mark it deregistered, while a health check's status update holds the
// check lock and calls back into the catalog to bump the index. The two paths
// acquire the same pair of mutexes in opposite orders (ABBA).
package catalogdereg

import (
	"errors"
	"sync"
	"time"
)

type CheckStatus string

const (
	StatusPassing  CheckStatus = "passing"
	StatusWarning  CheckStatus = "warning"
	StatusCritical CheckStatus = "critical"
)

var ErrNodeNotFound = errors.New("catalog: node not found")

type Logger interface {
	Printf(format string, args ...any)
}

type Node struct {
	Name    string
	Address string
	Meta    map[string]string
}

type HealthCheck struct {
	CheckID string
	Node    string

	catalog *Catalog

	mu           sync.Mutex
	status       CheckStatus
	output       string
	deregistered bool
	lastUpdate   time.Time
}

func (h *HealthCheck) UpdateStatus(status CheckStatus, output string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.deregistered {
		return
	}
	if h.status == status && h.output == output {
		return
	}
	prev := h.status
	h.status = status
	h.output = output
	h.lastUpdate = h.catalog.now()
	h.catalog.checkStatusChanged(h.CheckID, prev, status)
}

func (h *HealthCheck) Status() CheckStatus {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.status
}

func (h *HealthCheck) markDeregistered() {
	h.mu.Lock() // WANT(lockorder)
	h.deregistered = true
	h.status = StatusCritical
	h.output = "node deregistered"
	h.mu.Unlock()
}

type Catalog struct {
	logger Logger
	now    func() time.Time

	mu       sync.Mutex
	index    uint64
	nodes    map[string]*Node
	checks   map[string]*HealthCheck
	byStatus map[CheckStatus]map[string]struct{}
}

func NewCatalog(logger Logger, now func() time.Time) *Catalog {
	if now == nil {
		now = time.Now
	}
	return &Catalog{
		logger: logger,
		now:    now,
		nodes:  make(map[string]*Node),
		checks: make(map[string]*HealthCheck),
		byStatus: map[CheckStatus]map[string]struct{}{
			StatusPassing:  {},
			StatusWarning:  {},
			StatusCritical: {},
		},
	}
}

func (c *Catalog) RegisterNode(n *Node) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.nodes[n.Name] = n
	c.index++
	return c.index
}

func (c *Catalog) RegisterCheck(node, checkID string) (*HealthCheck, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.nodes[node]; !ok {
		return nil, ErrNodeNotFound
	}
	chk := &HealthCheck{
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

func (c *Catalog) DeregisterNode(name string) (uint64, error) {
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

func (c *Catalog) checkStatusChanged(checkID string, prev, next CheckStatus) {
	c.mu.Lock() // WANT(lockorder)
	defer c.mu.Unlock()
	if _, ok := c.checks[checkID]; !ok {
		return
	}
	delete(c.byStatus[prev], checkID)
	c.byStatus[next][checkID] = struct{}{}
	c.index++
}

func (c *Catalog) Index() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.index
}

func (c *Catalog) ChecksInState(status CheckStatus) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.byStatus[status]))
	for id := range c.byStatus[status] {
		out = append(out, id)
	}
	return out
}
