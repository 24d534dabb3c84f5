// Package prometheus_targetsunlock models a Prometheus-style scrape pool bug:
// a read lock is taken to copy the active targets, and the "pool stopped"
// early return forgets the RUnlock; the next reload's Lock waits forever.
package prometheus_targetsunlock

import "sync"

type Target struct {
	URL    string
	Labels map[string]string
}

type scrapePool struct {
	mtx     sync.RWMutex
	stopped bool
	active  map[uint64]*Target
}

// ActiveTargets returns a copy of the active targets.
func (sp *scrapePool) ActiveTargets() []*Target {
	sp.mtx.RLock() // WANT(missingunlock)
	if sp.stopped {
		return nil // WANT(missingunlock)
	}
	out := make([]*Target, 0, len(sp.active))
	for _, t := range sp.active {
		out = append(out, t)
	}
	sp.mtx.RUnlock()
	return out
}

func (sp *scrapePool) Reload(ts []*Target) {
	sp.mtx.Lock()
	defer sp.mtx.Unlock()
	sp.active = make(map[uint64]*Target, len(ts))
	for i, t := range ts {
		sp.active[uint64(i)] = t
	}
}
