package leaserenew

import (
	"context"
	"fmt"
	"sync"
	"time"
)

type LeaseHolderFixed struct {
	name     string
	identity string
	duration time.Duration
	store    LeaseStore
	recorder EventRecorder
	metrics  Metrics
	now      func() time.Time

	mu            sync.Mutex
	observed      LeaseRecord
	observedAt    time.Time
	renewFailures int
}

func NewLeaseHolderFixed(name, identity string, d time.Duration, store LeaseStore, rec EventRecorder, m Metrics) *LeaseHolderFixed {
	return &LeaseHolderFixed{
		name:     name,
		identity: identity,
		duration: d,
		store:    store,
		recorder: rec,
		metrics:  m,
		now:      time.Now,
	}
}

func (l *LeaseHolderFixed) Renew(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.observed.HolderIdentity != "" && l.observed.HolderIdentity != l.identity &&
		l.observedAt.Add(l.duration).After(l.now()) {
		return ErrNotHolder
	}
	now := l.now()
	next := l.observed
	if next.HolderIdentity != l.identity {
		next.HolderIdentity = l.identity
		next.AcquireTime = now
		next.LeaderTransitions++
	}
	next.RenewTime = now
	next.LeaseDurationSeconds = int(l.duration / time.Second)

	if err := l.store.Update(ctx, l.name, next); err != nil {
		return l.renewFailedLocked(err)
	}
	l.observed = next
	l.observedAt = now
	l.renewFailures = 0

	l.metrics.SetLeader(l.name, true)
	return nil
}

func (l *LeaseHolderFixed) renewFailedLocked(err error) error {
	l.renewFailures++
	l.metrics.IncRenewFailure(l.name)
	l.recorder.Eventf("LeaseRenewFailed", "%s failed to renew lease %s: %v", l.identity, l.name, err)
	return fmt.Errorf("renew lease %s (attempt %d): %w", l.name, l.renewFailures, err)
}

func (l *LeaseHolderFixed) IsLeader() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.observed.HolderIdentity == l.identity && l.observedAt.Add(l.duration).After(l.now())
}

func (l *LeaseHolderFixed) RenewLoop(ctx context.Context, period time.Duration) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			rctx, cancel := context.WithTimeout(ctx, period)
			_ = l.Renew(rctx)
			cancel()
		}
	}
}
