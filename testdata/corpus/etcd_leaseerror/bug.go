// Package etcd_leaseerror models an etcd-style lessor bug: renewing a lease
// takes the lessor write lock, and the path that finds an expired lease
// returns the error without unlocking, wedging every later lease operation.
package etcd_leaseerror

import (
	"errors"
	"sync"
	"time"
)

var (
	ErrLeaseNotFound = errors.New("lease not found")
	ErrLeaseExpired  = errors.New("lease expired")
)

type Lease struct {
	ID     int64
	TTL    time.Duration
	expiry time.Time
}

type lessor struct {
	mu     sync.RWMutex
	leases map[int64]*Lease
}

// Renew extends the lease and returns its TTL.
func (le *lessor) Renew(id int64) (time.Duration, error) {
	le.mu.Lock() // WANT(missingunlock)
	l := le.leases[id]
	if l == nil {
		le.mu.Unlock()
		return 0, ErrLeaseNotFound
	}
	if time.Now().After(l.expiry) {
		return 0, ErrLeaseExpired // WANT(missingunlock)
	}
	l.expiry = time.Now().Add(l.TTL)
	le.mu.Unlock()
	return l.TTL, nil
}
