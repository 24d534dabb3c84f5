// Package cockroach_condnosignal models a CockroachDB-style hang: a waiter
// blocks on a sync.Cond for a quota to become available, but the release
// path updates the quota without calling Signal or Broadcast, so the waiter
// sleeps forever.
package cockroach_condnosignal

import "sync"

type quotaPool struct {
	mu    sync.Mutex
	cond  *sync.Cond
	quota int64
}

func newQuotaPool(q int64) *quotaPool {
	p := &quotaPool{quota: q}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// acquire waits until n units are available.
func (p *quotaPool) acquire(n int64) {
	p.mu.Lock()
	for p.quota < n {
		p.cond.Wait() // WANT(goroutineleak)
	}
	p.quota -= n
	p.mu.Unlock()
}

// release returns n units but wakes nobody.
func (p *quotaPool) release(n int64) {
	p.mu.Lock()
	p.quota += n
	p.mu.Unlock()
}
