package cache

import "sync"

// Metrics counts the cache's outcomes for the /metrics endpoint, which
// reads them from its own goroutine.
type Metrics struct {
	mu sync.Mutex
	// +checklocks:mu
	hits int
	// +checklocks:mu
	misses int
}

// Observe records one lookup.
func (m *Metrics) Observe(hit bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if hit {
		m.hits++
	} else {
		m.misses++
	}
}

// Hits is called by the exporter while lookups go on.
func (m *Metrics) Hits() int {
	return m.hits // WRONG(guardedby): read without m.mu while Observe writes it
}

// HitsSafe is called by the exporter while lookups go on.
// RIGHT: the read takes the lock the annotation names.
func (m *Metrics) HitsSafe() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hits
}
