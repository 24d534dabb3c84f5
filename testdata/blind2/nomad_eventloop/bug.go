// Package eventloop models a node drainer whose event loop goroutine receives
// drain commands on an unbuffered channel and takes the drainer's state mutex
// to apply each one. The public Drain method holds that mutex (via defer)
// while sending the command, so once the loop is waiting for the mutex to
// apply an earlier command or a deadline tick, Drain blocks on the send and
// the loop blocks on the lock.
package eventloop

import (
	"errors"
	"sync"
	"time"
)

var ErrDrainerDisabled = errors.New("drainer: not leader")

type DrainStrategy struct {
	Deadline         time.Duration
	IgnoreSystemJobs bool
}

type NodeUpdater interface {
	MarkEligible(nodeID string, eligible bool) error
	CompleteDrain(nodeIDs []string) error
}

type Logger interface {
	Debug(msg string, args ...any)
	Error(msg string, args ...any)
}

type drainCmd struct {
	nodeID   string
	strategy *DrainStrategy
}

type drainingNode struct {
	strategy  DrainStrategy
	startedAt time.Time
	deadline  time.Time
}

type NodeDrainer struct {
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

func NewNodeDrainer(u NodeUpdater, l Logger, interval time.Duration) *NodeDrainer {
	return &NodeDrainer{
		updater:  u,
		logger:   l,
		now:      time.Now,
		interval: interval,
		cmds:     make(chan drainCmd),
		stopCh:   make(chan struct{}),
		nodes:    make(map[string]*drainingNode),
	}
}

func (d *NodeDrainer) SetEnabled(enabled bool) {
	d.mu.Lock()
	d.enabled = enabled
	d.mu.Unlock()
}

func (d *NodeDrainer) Start() {
	go d.run()
}

func (d *NodeDrainer) Stop() {
	close(d.stopCh)
}

func (d *NodeDrainer) run() {
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

func (d *NodeDrainer) applyLocked(cmd drainCmd) {
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

func (d *NodeDrainer) handleDeadlines() {
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

func (d *NodeDrainer) Drain(nodeID string, strategy *DrainStrategy) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.enabled {
		return ErrDrainerDisabled
	}
	d.pending++
	d.logger.Debug("queueing drain update", "node_id", nodeID, "pending", d.pending)
	select {
	case d.cmds <- drainCmd{nodeID: nodeID, strategy: strategy}: // WANT(chanlock)
	case <-d.stopCh:
	}
	return nil
}

func (d *NodeDrainer) Draining() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]string, 0, len(d.nodes))
	for id := range d.nodes {
		out = append(out, id)
	}
	return out
}
