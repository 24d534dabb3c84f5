package connpool

import (
	"context"
	"net"
	"sync"
	"time"
)

type ConnFixed struct {
	pool *PoolFixed
	id   uint64

	mu       sync.Mutex
	netConn  net.Conn
	state    connState
	lastUsed time.Time
}

func (c *ConnFixed) markIdle(now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state == stateClosed {
		return false
	}
	c.state = stateIdle
	c.lastUsed = now
	return true
}

func (c *ConnFixed) Close() error {
	c.mu.Lock()
	if c.state == stateClosed {
		c.mu.Unlock()
		return ErrConnClosed
	}
	c.state = stateClosed
	err := c.netConn.Close()
	c.mu.Unlock()

	c.pool.release(c)
	return err
}

type PoolFixed struct {
	addr   string
	dialer Dialer
	now    func() time.Time
	max    int

	mu     sync.Mutex
	nextID uint64
	idle   []*ConnFixed
	open   map[uint64]*ConnFixed
	closed bool
}

func NewPoolFixed(addr string, d Dialer, maxConns int) *PoolFixed {
	return &PoolFixed{
		addr:   addr,
		dialer: d,
		now:    time.Now,
		max:    maxConns,
		open:   make(map[uint64]*ConnFixed),
	}
}

func (p *PoolFixed) Get(ctx context.Context) (*ConnFixed, error) {
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
	c := &ConnFixed{pool: p, id: id, netConn: nc, state: stateInUse}
	p.mu.Lock()
	p.open[id] = c
	p.mu.Unlock()
	return c, nil
}

func (p *PoolFixed) Put(c *ConnFixed) {
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

func (p *PoolFixed) release(c *ConnFixed) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.open, c.id)
	for i, ic := range p.idle {
		if ic == c {
			p.idle = append(p.idle[:i], p.idle[i+1:]...)
			break
		}
	}
}

func (p *PoolFixed) Stats() (open, idle int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.open), len(p.idle)
}

func (p *PoolFixed) Close() {
	p.mu.Lock()
	p.closed = true
	conns := make([]*ConnFixed, 0, len(p.open))
	for _, c := range p.open {
		conns = append(conns, c)
	}
	p.mu.Unlock()
	for _, c := range conns {
		_ = c.Close()
	}
}
