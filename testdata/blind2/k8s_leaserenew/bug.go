// Package leaserenew models a leader-election lease holder whose Renew takes
// the lease mutex, builds the next lease record and persists it through a
// fallible store. When the store write fails Renew returns through a helper
// that records the failure and wraps the error, but nothing releases the
// mutex, so the elector's next renew attempt and every IsLeader call block.
package leaserenew

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

var ErrNotHolder = errors.New("leaderelection: lease held by another identity")

type LeaseRecord struct {
	HolderIdentity       string
	LeaseDurationSeconds int
	AcquireTime          time.Time
	RenewTime            time.Time
	LeaderTransitions    int
}

type LeaseStore interface {
	Get(ctx context.Context, name string) (LeaseRecord, error)
	Update(ctx context.Context, name string, rec LeaseRecord) error
}

type EventRecorder interface {
	Eventf(reason, messageFmt string, args ...any)
}

type Metrics interface {
	IncRenewFailure(lease string)
	SetLeader(lease string, leader bool)
}

type LeaseHolder struct {
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

func NewLeaseHolder(name, identity string, d time.Duration, store LeaseStore, rec EventRecorder, m Metrics) *LeaseHolder {
	return &LeaseHolder{
		name:     name,
		identity: identity,
		duration: d,
		store:    store,
		recorder: rec,
		metrics:  m,
		now:      time.Now,
	}
}

func (l *LeaseHolder) Renew(ctx context.Context) error {
	l.mu.Lock() // WANT(missingunlock)
	if l.observed.HolderIdentity != "" && l.observed.HolderIdentity != l.identity &&
		l.observedAt.Add(l.duration).After(l.now()) {
		l.mu.Unlock()
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
		return l.renewFailed(err) // WANT(missingunlock)
	}
	l.observed = next
	l.observedAt = now
	l.renewFailures = 0
	l.mu.Unlock()

	l.metrics.SetLeader(l.name, true)
	return nil
}

func (l *LeaseHolder) renewFailed(err error) error {
	l.renewFailures++
	l.metrics.IncRenewFailure(l.name)
	l.recorder.Eventf("LeaseRenewFailed", "%s failed to renew lease %s: %v", l.identity, l.name, err)
	return fmt.Errorf("renew lease %s (attempt %d): %w", l.name, l.renewFailures, err)
}

func (l *LeaseHolder) IsLeader() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.observed.HolderIdentity == l.identity && l.observedAt.Add(l.duration).After(l.now())
}

func (l *LeaseHolder) RenewLoop(ctx context.Context, period time.Duration) {
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
