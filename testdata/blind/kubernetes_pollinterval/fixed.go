package kubernetespollinterval

import (
	"context"
	"sync/atomic"
	"time"
)

var pollIntervalFixed atomic.Int64

func init() {
	pollIntervalFixed.Store(int64(10 * time.Second))
}

// SetPollIntervalFixed changes how often node status is reported.
func SetPollIntervalFixed(d time.Duration) {
	if d <= 0 {
		return
	}
	pollIntervalFixed.Store(int64(d))
}

func currentPollInterval() time.Duration {
	return time.Duration(pollIntervalFixed.Load())
}

// StatusReporterFixed periodically pushes node status.
type StatusReporterFixed struct {
	provider StatusProvider
	client   StatusClient
	log      Logger
	now      func() time.Time
}

// Start launches the reporting loop.
func (r *StatusReporterFixed) Start(ctx context.Context) {
	go r.loop(ctx)
}

func (r *StatusReporterFixed) loop(ctx context.Context) {
	for {
		timer := time.NewTimer(currentPollInterval())
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}
		r.report(ctx)
	}
}

func (r *StatusReporterFixed) report(ctx context.Context) {
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

// ApplyDynamicConfigFixed is called from the config watcher goroutine.
func ApplyDynamicConfigFixed(cfg DynamicConfig) {
	SetPollIntervalFixed(cfg.NodeStatusUpdateFrequency)
}
