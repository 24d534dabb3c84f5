package dockerconnpool

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ConnFixed is a pooled connection.
type ConnFixed struct {
	Conn
	poolFixed *PoolFixed
}

// Release returns the connection to its pool.
func (c *ConnFixed) Release() { c.poolFixed.Put(c) }

// PoolFixed is a LIFO pool of connections to a single address.
type PoolFixed struct {
	mu        sync.Mutex
	idle      []*ConnFixed
	active    int
	closed    bool
	MaxActive int
	MaxIdle   int

	network string
	addr    string
	dialer  Dialer
	log     Logger
	metrics Metrics
	now     func() time.Time
}

// Get returns an idle connection or dials a new one.
func (p *PoolFixed) Get(ctx context.Context) (*ConnFixed, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, ErrPoolClosed
	}
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.active++
		p.metrics.SetActive(p.active)
		p.mu.Unlock()
		return c, nil
	}
	if p.MaxActive > 0 && p.active >= p.MaxActive {
		p.mu.Unlock()
		return nil, ErrPoolExhausted
	}

	start := p.now()
	nc, err := p.dialer.DialContext(ctx, p.network, p.addr)
	p.metrics.ObserveDial(p.now().Sub(start), err)
	if err != nil {
		active, idle := p.active, len(p.idle)
		p.mu.Unlock()
		p.log.Errorf("connpool: dial %s %s failed (active=%d idle=%d): %v", p.network, p.addr, active, idle, err)
		return nil, fmt.Errorf("connpool: dial %s: %w", p.addr, err)
	}
	p.active++
	p.metrics.SetActive(p.active)
	p.mu.Unlock()

	p.log.Debugf("connpool: opened connection to %s", p.addr)
	return &ConnFixed{Conn: Conn{Conn: nc, createdAt: start}, poolFixed: p}, nil
}

// Put returns c to the idle list, closing it if the pool is full or closed.
func (p *PoolFixed) Put(c *ConnFixed) {
	p.mu.Lock()
	p.active--
	p.metrics.SetActive(p.active)
	if p.closed || len(p.idle) >= p.MaxIdle {
		p.mu.Unlock()
		c.Conn.Conn.Close()
		return
	}
	p.idle = append(p.idle, c)
	p.mu.Unlock()
}

// Close closes all idle connections and rejects further Gets.
func (p *PoolFixed) Close() error {
	p.mu.Lock()
	idle := p.idle
	p.idle = nil
	p.closed = true
	p.mu.Unlock()

	var errs []error
	for _, c := range idle {
		if err := c.Conn.Conn.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
