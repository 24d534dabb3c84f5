package xa // want package:`lockorder:xa.Pool.mu->xa.Conn.mu`

// This package takes Pool.mu, then Conn.mu.

import "sync"

type Pool struct {
	mu    sync.Mutex
	conns []*Conn
	n     int
}

type Conn struct {
	mu     sync.Mutex
	closed bool
}

// Drain closes every connection: Pool.mu, then Conn.mu.
func (p *Pool) Drain() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.mu.Lock()
		c.closed = true
		c.mu.Unlock()
	}
}

// Stats locks the pool.
func (p *Pool) Stats() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}

// Lock and Unlock let callers hold the connection.
func (c *Conn) Lock()   { c.mu.Lock() }
func (c *Conn) Unlock() { c.mu.Unlock() }
