package xa

import "sync"

// Guard is a lock other packages embed; Touch acquires it on every path.
type Guard struct {
	Mu sync.Mutex
	N  int
}

func (g *Guard) Touch() {
	g.Mu.Lock()
	g.N++
	g.Mu.Unlock()
}
