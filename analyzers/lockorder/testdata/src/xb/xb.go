package xb // want package:`lockorder:xa.Conn.mu->xa.Pool.mu xb.Client.mu->xa.Pool.mu xa.Pool.mu->xa.Conn.mu`

// This package inverts xa's order through xa's API: the report is here.

import (
	"sync"

	"xa"
)

type Client struct {
	mu   sync.Mutex
	pool *xa.Pool
	conn *xa.Conn
}

// Report holds the connection and asks the pool: Conn.mu, then Pool.mu.
func Report(p *xa.Pool, c *xa.Conn) int {
	c.Lock()
	defer c.Unlock()
	return p.Stats() // want `lock-order inversion: xa.Pool.mu acquired by this call to \(\*xa.Pool\).Stats \(locked at xa.go:\d+\) while holding xa.Conn.mu, but \(\*xa.Pool\).Drain acquires xa.Conn.mu while holding xa.Pool.mu \(xa.go:\d+, in package xa\)`
}

// ReportFixed reads the pool first.
func ReportFixed(p *xa.Pool, c *xa.Conn) int {
	n := p.Stats()
	c.Lock()
	defer c.Unlock()
	return n
}

// Close takes the client lock around xa's own order: no inversion.
func (cl *Client) Close() {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	cl.pool.Drain()
}

// HoldConn returns with the connection locked.
func (cl *Client) HoldConn() { cl.conn.Lock() }

// ReleaseConn unlocks it.
func (cl *Client) ReleaseConn() { cl.conn.Unlock() }

// Stats asks the pool.
func (cl *Client) Stats() int { return cl.pool.Stats() }
