package etcd_lessorbackend

import "time"

// CheckpointFixed reads the map directly under the lock it holds.
func (le *lessor) CheckpointFixed(id int64, remaining time.Duration) {
	le.mu.Lock()
	defer le.mu.Unlock()
	le.b.UnsafePut("lease", "checkpoint", nil)
	le.b.ForceCommit()
	if le.now().After(time.Now()) {
		le.lg.Warn("clock skew", "lease", id)
	}
	if l := le.leases[id]; l != nil {
		l.expiry = le.now().Add(remaining)
	}
}
