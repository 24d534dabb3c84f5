// Package etcdleasekeepalive models a lease keeper whose renew loop takes the
// keeper mutex on every attempt. When the server reports the lease as gone,
// the loop breaks out with the mutex still held and the shared error return
// after the loop never releases it, so the next TTL or Revoke call hangs.
package etcdleasekeepalive

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// LeaseID identifies a lease.
type LeaseID int64

// NoLease is the zero lease.
const NoLease LeaseID = 0

// ErrLeaseNotFound is returned by the server for expired or revoked leases.
var ErrLeaseNotFound = errors.New("etcdserver: requested lease not found")

// KeepAliveResponse is the server's answer to a renewal.
type KeepAliveResponse struct {
	ID  LeaseID
	TTL int64
}

// LeaseClient is the lease RPC surface.
type LeaseClient interface {
	KeepAliveOnce(ctx context.Context, id LeaseID) (*KeepAliveResponse, error)
	Revoke(ctx context.Context, id LeaseID) error
}

// Logger is the injected logger.
type Logger interface {
	Warnf(format string, args ...any)
}

// Metrics records keepalive outcomes.
type Metrics interface {
	IncRenewal(ok bool)
	IncLeaseLost()
}

// Keeper keeps a single lease alive.
type Keeper struct {
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

// NewKeeper returns a keeper for id.
func NewKeeper(id LeaseID, c LeaseClient, log Logger, m Metrics) *Keeper {
	return &Keeper{leaseID: id, client: c, log: log, metrics: m, now: time.Now, maxAttempts: 5, baseBackoff: 100 * time.Millisecond}
}

func (k *Keeper) backoff(attempt int) time.Duration {
	return k.baseBackoff << uint(attempt)
}

// renew refreshes the lease, retrying transient failures.
func (k *Keeper) renew(ctx context.Context) error {
	var lastErr error
	for attempt := 0; attempt < k.maxAttempts; attempt++ {
		k.mu.Lock() // WANT(missingunlock)
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
	return fmt.Errorf("lease keepalive: %w", lastErr) // WANT(missingunlock)
}

// TTL returns the remaining time to live as last reported by the server.
func (k *Keeper) TTL() time.Duration {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.leaseID == NoLease {
		return 0
	}
	return k.ttl - k.now().Sub(k.lastRenew)
}

// Revoke revokes the lease.
func (k *Keeper) Revoke(ctx context.Context) error {
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
func (k *Keeper) Run(ctx context.Context) {
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
