package eventloop

import (
	"sync"
	"time"
)

type NodeDrainerFixed struct {
	updater  NodeUpdater
	logger   Logger
	now      func() time.Time
	interval time.Duration

	cmds   chan drainCmd
	stopCh chan struct{}

	mu      sync.Mutex
	enabled bool
	pending int
	nodes   map[string]*drainingNode
}

func NewNodeDrainerFixed(u NodeUpdater, l Logger, interval time.Duration) *NodeDrainerFixed {
	return &NodeDrainerFixed{
		updater:  u,
		logger:   l,
		now:      time.Now,
		interval: interval,
		cmds:     make(chan drainCmd),
		stopCh:   make(chan struct{}),
		nodes:    make(map[string]*drainingNode),
	}
}

func (d *NodeDrainerFixed) SetEnabled(enabled bool) {
	d.mu.Lock()
	d.enabled = enabled
	d.mu.Unlock()
}

func (d *NodeDrainerFixed) Start() {
	go d.run()
}

func (d *NodeDrainerFixed) Stop() {
	close(d.stopCh)
}

func (d *NodeDrainerFixed) run() {
	t := time.NewTicker(d.interval)
	defer t.Stop()
	for {
		select {
		case <-d.stopCh:
			return
		case cmd := <-d.cmds:
			d.mu.Lock()
			d.applyLocked(cmd)
			d.mu.Unlock()
		case <-t.C:
			d.handleDeadlines()
		}
	}
}

func (d *NodeDrainerFixed) applyLocked(cmd drainCmd) {
	d.pending--
	if cmd.strategy == nil {
		delete(d.nodes, cmd.nodeID)
		return
	}
	now := d.now()
	d.nodes[cmd.nodeID] = &drainingNode{
		strategy:  *cmd.strategy,
		startedAt: now,
		deadline:  now.Add(cmd.strategy.Deadline),
	}
	if err := d.updater.MarkEligible(cmd.nodeID, false); err != nil {
		d.logger.Error("failed to mark node ineligible", "node_id", cmd.nodeID, "error", err)
	}
}

func (d *NodeDrainerFixed) handleDeadlines() {
	d.mu.Lock()
	now := d.now()
	var done []string
	for id, n := range d.nodes {
		if !now.Before(n.deadline) {
			done = append(done, id)
			delete(d.nodes, id)
		}
	}
	d.mu.Unlock()
	if len(done) == 0 {
		return
	}
	if err := d.updater.CompleteDrain(done); err != nil {
		d.logger.Error("failed to complete drain", "nodes", len(done), "error", err)
	}
}

func (d *NodeDrainerFixed) Drain(nodeID string, strategy *DrainStrategy) error {
	d.mu.Lock()
	if !d.enabled {
		d.mu.Unlock()
		return ErrDrainerDisabled
	}
	d.pending++
	pending := d.pending
	d.mu.Unlock()

	d.logger.Debug("queueing drain update", "node_id", nodeID, "pending", pending)
	select {
	case d.cmds <- drainCmd{nodeID: nodeID, strategy: strategy}:
	case <-d.stopCh:
	}
	return nil
}

func (d *NodeDrainerFixed) Draining() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]string, 0, len(d.nodes))
	for id := range d.nodes {
		out = append(out, id)
	}
	return out
}
