// Package connpool models a SQL connection pool whose Put path locks the pool
// and then the connection to mark it idle, while a connection's Close locks the
// connection and then calls back into the pool's release, which locks the
// pool. A Put racing with a Close of the same connection acquires the two
// mutexes in opposite orders and deadlocks.
package connpool

import (
	"context"
	"errors"
	"net"
	"sync"
	"time"
)

var (
	ErrPoolClosed = errors.New("pgwire: pool closed")
	ErrConnClosed = errors.New("pgwire: connection closed")
)

type Dialer interface {
	DialContext(ctx context.Context, network, addr string) (net.Conn, error)
}

type connState int

const (
	stateIdle connState = iota
	stateInUse
	stateClosed
)

type Conn struct {
	pool *Pool
	id   uint64

	mu       sync.Mutex
	netConn  net.Conn
	state    connState
	lastUsed time.Time
}

func (c *Conn) markIdle(now time.Time) bool {
	c.mu.Lock() // WANT(lockorder)
	defer c.mu.Unlock()
	if c.state == stateClosed {
		return false
	}
	c.state = stateIdle
	c.lastUsed = now
	return true
}

func (c *Conn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state == stateClosed {
		return ErrConnClosed
	}
	c.state = stateClosed
	err := c.netConn.Close()
	c.pool.release(c)
	return err
}

type Pool struct {
	addr   string
	dialer Dialer
	now    func() time.Time
	max    int

	mu     sync.Mutex
	nextID uint64
	idle   []*Conn
	open   map[uint64]*Conn
	closed bool
}

func NewPool(addr string, d Dialer, maxConns int) *Pool {
	return &Pool{
		addr:   addr,
		dialer: d,
		now:    time.Now,
		max:    maxConns,
		open:   make(map[uint64]*Conn),
	}
}

func (p *Pool) Get(ctx context.Context) (*Conn, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, ErrPoolClosed
	}
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		c.mu.Lock()
		c.state = stateInUse
		c.mu.Unlock()
		return c, nil
	}
	p.nextID++
	id := p.nextID
	p.mu.Unlock()

	nc, err := p.dialer.DialContext(ctx, "tcp", p.addr)
	if err != nil {
		return nil, err
	}
	c := &Conn{pool: p, id: id, netConn: nc, state: stateInUse}
	p.mu.Lock()
	p.open[id] = c
	p.mu.Unlock()
	return c, nil
}

func (p *Pool) Put(c *Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || len(p.idle) >= p.max {
		go c.Close()
		return
	}
	if c.markIdle(p.now()) {
		p.idle = append(p.idle, c)
	}
}

func (p *Pool) release(c *Conn) {
	p.mu.Lock() // WANT(lockorder)
	defer p.mu.Unlock()
	delete(p.open, c.id)
	for i, ic := range p.idle {
		if ic == c {
			p.idle = append(p.idle[:i], p.idle[i+1:]...)
			break
		}
	}
}

func (p *Pool) Stats() (open, idle int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.open), len(p.idle)
}

func (p *Pool) Close() {
	p.mu.Lock()
	p.closed = true
	conns := make([]*Conn, 0, len(p.open))
	for _, c := range p.open {
		conns = append(conns, c)
	}
	p.mu.Unlock()
	for _, c := range conns {
		_ = c.Close()
	}
}
