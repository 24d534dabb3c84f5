// Package etcd_lessorbackend models an etcd-style lessor whose critical
// section calls into its injected backend and logger and then into a
// method that read-locks the lessor again: RLock while holding the write
// lock blocks forever. The backend and logger cannot reach le.mu, so the
// lock is still known to be held at the second acquisition.
package etcd_lessorbackend

import (
	"sync"
	"time"
)

type Backend interface {
	ForceCommit()
	UnsafePut(bucket, key string, val []byte)
}

type Logger interface {
	Warn(msg string, kv ...any)
}

type Lease struct {
	ID     int64
	TTL    time.Duration
	expiry time.Time
}

type lessor struct {
	mu     sync.RWMutex
	b      Backend
	lg     Logger
	now    func() time.Time
	leases map[int64]*Lease
}

// Lookup returns a lease.
func (le *lessor) Lookup(id int64) *Lease {
	le.mu.RLock()
	defer le.mu.RUnlock()
	return le.leases[id]
}

// Checkpoint persists the remaining TTL of a lease.
func (le *lessor) Checkpoint(id int64, remaining time.Duration) {
	le.mu.Lock()
	defer le.mu.Unlock()
	le.b.UnsafePut("lease", "checkpoint", nil)
	le.b.ForceCommit()
	if le.now().After(time.Now()) {
		le.lg.Warn("clock skew", "lease", id)
	}
	if l := le.Lookup(id); l != nil { // WANT(doublelock)
		l.expiry = le.now().Add(remaining)
	}
}
