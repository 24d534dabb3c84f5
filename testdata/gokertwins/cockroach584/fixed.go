// Package cockroach584 is the fixed twin of GoKer kernel cockroach584, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package cockroach584

import "sync"

// Fixed: the loops unlock before they break.

type gossip struct {
	mu     sync.Mutex
	closed bool
}

func (g *gossip) bootstrap() {
	for {
		g.mu.Lock()
		if g.closed {
			g.mu.Unlock()
			break
		}
		g.mu.Unlock()
	}
}

func (g *gossip) manage() {
	for {
		g.mu.Lock()
		if g.closed {
			g.mu.Unlock()
			break
		}
		g.mu.Unlock()
	}
}

func Run() {
	g := &gossip{closed: true}
	go func() {
		g.bootstrap()
		g.manage()
	}()
}
