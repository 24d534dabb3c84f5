// Package kubernetespollinterval models a node status poller whose interval
// is a package-level variable. The poller goroutine reads it on every
// iteration while SetPollInterval, called from the dynamic-config reload
// path, overwrites it with no synchronization.
package kubernetespollinterval

import (
	"context"
	"time"
)

var pollInterval = 10 * time.Second

// SetPollInterval changes how often node status is reported.
func SetPollInterval(d time.Duration) {
	if d <= 0 {
		return
	}
	pollInterval = d // WANT(guardedby)
}

// NodeStatus is reported to the API server.
type NodeStatus struct {
	Name       string
	Ready      bool
	Conditions map[string]string
	Heartbeat  time.Time
}

// StatusProvider gathers the local node status.
type StatusProvider interface {
	Status(ctx context.Context) (NodeStatus, error)
}

// StatusClient reports node status.
type StatusClient interface {
	UpdateStatus(ctx context.Context, s NodeStatus) error
}

// Logger is the injected logger.
type Logger interface {
	Errorf(format string, args ...any)
}

// StatusReporter periodically pushes node status.
type StatusReporter struct {
	provider StatusProvider
	client   StatusClient
	log      Logger
	now      func() time.Time
}

// Start launches the reporting loop.
func (r *StatusReporter) Start(ctx context.Context) {
	go r.loop(ctx)
}

func (r *StatusReporter) loop(ctx context.Context) {
	for {
		timer := time.NewTimer(pollInterval) // WANT(guardedby)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}
		r.report(ctx)
	}
}

func (r *StatusReporter) report(ctx context.Context) {
	st, err := r.provider.Status(ctx)
	if err != nil {
		r.log.Errorf("collecting node status: %v", err)
		return
	}
	st.Heartbeat = r.now()
	if err := r.client.UpdateStatus(ctx, st); err != nil {
		r.log.Errorf("updating node status: %v", err)
	}
}

// DynamicConfig is applied when the node config object changes.
type DynamicConfig struct {
	NodeStatusUpdateFrequency time.Duration
}

// ApplyDynamicConfig is called from the config watcher goroutine.
func ApplyDynamicConfig(cfg DynamicConfig) {
	SetPollInterval(cfg.NodeStatusUpdateFrequency)
}
