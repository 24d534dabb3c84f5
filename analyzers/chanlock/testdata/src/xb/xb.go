package xb

import (
	"sync"

	"xa"
)

type pump struct {
	mu  sync.Mutex
	n   int
	out chan int
}

func (p *pump) touch() {
	p.mu.Lock()
	p.n++
	p.mu.Unlock()
}

// The receiver takes p.mu through a helper (a lock summary) first.
func (p *pump) run() {
	for {
		p.touch()
		<-p.out
	}
}

func (p *pump) Put(v int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.out <- v // want `send on p.out can block forever while holding p.mu: the receiver at line 25 needs p.mu`
}

// A lock in another package's type, acquired by its method: no anchored
// field of ours, so silent.
type guarded struct {
	g   xa.Guard
	out chan int
}

func (p *guarded) run() {
	for {
		p.g.Touch()
		<-p.out
	}
}

func (p *guarded) Put(v int) {
	p.g.Mu.Lock()
	defer p.g.Mu.Unlock()
	p.out <- v
}
