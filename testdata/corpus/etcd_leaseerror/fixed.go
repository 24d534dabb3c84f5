package etcd_leaseerror

import "time"

// RenewFixed unlocks on every return path.
func (le *lessor) RenewFixed(id int64) (time.Duration, error) {
	le.mu.Lock()
	l := le.leases[id]
	if l == nil {
		le.mu.Unlock()
		return 0, ErrLeaseNotFound
	}
	if time.Now().After(l.expiry) {
		le.mu.Unlock()
		return 0, ErrLeaseExpired
	}
	l.expiry = time.Now().Add(l.TTL)
	le.mu.Unlock()
	return l.TTL, nil
}
