package cockroach_condnosignal

import "sync"

type quotaPoolFixed struct {
	mu    sync.Mutex
	cond  *sync.Cond
	quota int64
}

func newQuotaPoolFixed(q int64) *quotaPoolFixed {
	p := &quotaPoolFixed{quota: q}
	p.cond = sync.NewCond(&p.mu)
	return p
}

func (p *quotaPoolFixed) acquire(n int64) {
	p.mu.Lock()
	for p.quota < n {
		p.cond.Wait()
	}
	p.quota -= n
	p.mu.Unlock()
}

// release wakes the waiters.
func (p *quotaPoolFixed) release(n int64) {
	p.mu.Lock()
	p.quota += n
	p.cond.Broadcast()
	p.mu.Unlock()
}
