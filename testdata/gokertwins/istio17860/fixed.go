// Package istio17860 is the fixed twin of GoKer kernel istio17860, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package istio17860

import (
	"context"
	"sync"
)

// Fixed: a goroutine reporting an exit status gives up once the agent's
// run loop has returned.

type agent struct {
	mu       sync.Mutex
	statusCh chan int
	done     chan struct{}
	epoch    int
	active   map[int]bool
}

func (a *agent) run(ctx context.Context) {
	defer close(a.done)
	for {
		select {
		case s := <-a.statusCh:
			a.mu.Lock()
			delete(a.active, s)
			n := len(a.active)
			a.mu.Unlock()
			if n == 0 {
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

func (a *agent) restart() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.epoch++
	a.active[a.epoch] = true
	go a.runWait(a.epoch)
}

func (a *agent) runWait(epoch int) {
	select {
	case a.statusCh <- epoch:
	case <-a.done:
	}
}

func Run() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := &agent{statusCh: make(chan int), done: make(chan struct{}), active: map[int]bool{}}
	go a.run(ctx)
	a.restart()
	go a.restart()
}
