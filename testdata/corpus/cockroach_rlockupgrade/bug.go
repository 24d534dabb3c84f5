// Package cockroach_rlockupgrade models a CockroachDB-style deadlock: code
// holding a read lock on a range descriptor cache "upgrades" by calling Lock
// on the same RWMutex before releasing the read lock. RWMutex has no upgrade;
// Lock waits for all readers, including this goroutine.
package cockroach_rlockupgrade

import "sync"

type RangeDescriptor struct {
	StartKey, EndKey string
	Generation       int
}

type rangeCache struct {
	mu    sync.RWMutex
	descs map[string]*RangeDescriptor
}

// Lookup returns the descriptor for key, inserting a placeholder on a miss.
func (rc *rangeCache) Lookup(key string) *RangeDescriptor {
	rc.mu.RLock()
	d, ok := rc.descs[key]
	if !ok {
		rc.mu.Lock() // WANT(doublelock)
		d = &RangeDescriptor{StartKey: key}
		rc.descs[key] = d
		rc.mu.Unlock()
	}
	rc.mu.RUnlock()
	return d
}
