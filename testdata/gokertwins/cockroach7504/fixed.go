// Package cockroach7504 is the fixed twin of GoKer kernel cockroach7504, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package cockroach7504

import "sync"

// Fixed: release removes the lease from the name cache after it has
// released the lease's lock, so the name cache's lock is always taken
// before a lease's.

type lease struct {
	mu sync.Mutex
	id int
}

type nameCache struct {
	mu     sync.Mutex
	tables map[int]*lease
}

func (c *nameCache) get(id int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.tables[id]
	if !ok {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
}

func (c *nameCache) remove(l *lease) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tables[l.id] == l {
		delete(c.tables, l.id)
	}
}

type tableState struct {
	mu     sync.Mutex
	names  *nameCache
	active []*lease
}

func (t *tableState) release(l *lease) {
	t.mu.Lock()
	l.mu.Lock()
	t.active = t.active[:0]
	l.mu.Unlock()
	t.mu.Unlock()
	t.names.remove(l)
}

func Run() {
	leases := []*lease{{id: 0}, {id: 1}}
	nc := &nameCache{tables: map[int]*lease{}}
	for i, l := range leases {
		nc.tables[i] = l
	}
	ts := &tableState{names: nc, active: leases}
	go nc.get(0)
	go ts.release(leases[0])
}
