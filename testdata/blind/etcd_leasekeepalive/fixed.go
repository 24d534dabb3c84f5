package etcdleasekeepalive

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// KeeperFixed keeps a single lease alive.
type KeeperFixed struct {
	mu        sync.Mutex
	leaseID   LeaseID
	ttl       time.Duration
	lastRenew time.Time

	client      LeaseClient
	log         Logger
	metrics     Metrics
	now         func() time.Time
	maxAttempts int
	baseBackoff time.Duration
}

func (k *KeeperFixed) backoff(attempt int) time.Duration {
	return k.baseBackoff << uint(attempt)
}

// renew refreshes the lease, retrying transient failures.
func (k *KeeperFixed) renew(ctx context.Context) error {
	var lastErr error
	for attempt := 0; attempt < k.maxAttempts; attempt++ {
		k.mu.Lock()
		resp, err := k.client.KeepAliveOnce(ctx, k.leaseID)
		if err == nil {
			k.ttl = time.Duration(resp.TTL) * time.Second
			k.lastRenew = k.now()
			k.mu.Unlock()
			k.metrics.IncRenewal(true)
			return nil
		}
		lastErr = err
		k.metrics.IncRenewal(false)
		if errors.Is(err, ErrLeaseNotFound) {
			k.leaseID = NoLease
			k.mu.Unlock()
			k.metrics.IncLeaseLost()
			break
		}
		k.mu.Unlock()

		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(k.backoff(attempt)):
		}
	}
	k.log.Warnf("lease keepalive failed after retries: %v", lastErr)
	return fmt.Errorf("lease keepalive: %w", lastErr)
}

// TTL returns the remaining time to live as last reported by the server.
func (k *KeeperFixed) TTL() time.Duration {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.leaseID == NoLease {
		return 0
	}
	return k.ttl - k.now().Sub(k.lastRenew)
}

// Revoke revokes the lease.
func (k *KeeperFixed) Revoke(ctx context.Context) error {
	k.mu.Lock()
	id := k.leaseID
	k.leaseID = NoLease
	k.mu.Unlock()
	if id == NoLease {
		return nil
	}
	return k.client.Revoke(ctx, id)
}

// Run renews the lease at a third of its TTL until ctx is done.
func (k *KeeperFixed) Run(ctx context.Context) {
	for {
		wait := k.TTL() / 3
		if wait <= 0 {
			wait = time.Second
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		if err := k.renew(ctx); err != nil {
			k.log.Warnf("stopping keepalive: %v", err)
			return
		}
	}
}
