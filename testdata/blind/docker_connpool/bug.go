// Package dockerconnpool models a connection pool for a plugin socket whose
// Get dials a new connection while holding the pool mutex. When the dial
// fails, Get logs the failure and returns the error without releasing the
// mutex, so every later Get, Put or Close on the pool blocks forever.
package dockerconnpool

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"
)

// Logger is the structured logger injected by the daemon.
type Logger interface {
	Debugf(format string, args ...any)
	Errorf(format string, args ...any)
}

// Dialer opens new transport connections.
type Dialer interface {
	DialContext(ctx context.Context, network, addr string) (net.Conn, error)
}

// Metrics receives pool statistics.
type Metrics interface {
	ObserveDial(d time.Duration, err error)
	SetActive(n int)
}

// ErrPoolExhausted is returned when MaxActive connections are checked out.
var ErrPoolExhausted = errors.New("connpool: connection pool exhausted")

// ErrPoolClosed is returned from Get after Close.
var ErrPoolClosed = errors.New("connpool: pool closed")

// Conn is a pooled connection.
type Conn struct {
	net.Conn
	pool      *Pool
	createdAt time.Time
}

// Release returns the connection to its pool.
func (c *Conn) Release() { c.pool.Put(c) }

// Pool is a LIFO pool of connections to a single address.
type Pool struct {
	mu        sync.Mutex
	idle      []*Conn
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

// NewPool creates a pool for addr.
func NewPool(network, addr string, d Dialer, log Logger, m Metrics) *Pool {
	return &Pool{network: network, addr: addr, dialer: d, log: log, metrics: m, now: time.Now, MaxActive: 64, MaxIdle: 8}
}

// Get returns an idle connection or dials a new one.
func (p *Pool) Get(ctx context.Context) (*Conn, error) {
	p.mu.Lock() // WANT(missingunlock)
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
		p.log.Errorf("connpool: dial %s %s failed (active=%d idle=%d): %v", p.network, p.addr, p.active, len(p.idle), err)
		return nil, fmt.Errorf("connpool: dial %s: %w", p.addr, err) // WANT(missingunlock)
	}
	p.active++
	p.metrics.SetActive(p.active)
	p.mu.Unlock()

	p.log.Debugf("connpool: opened connection to %s", p.addr)
	return &Conn{Conn: nc, pool: p, createdAt: start}, nil
}

// Put returns c to the idle list, closing it if the pool is full or closed.
func (p *Pool) Put(c *Conn) {
	p.mu.Lock()
	p.active--
	p.metrics.SetActive(p.active)
	if p.closed || len(p.idle) >= p.MaxIdle {
		p.mu.Unlock()
		c.Conn.Close()
		return
	}
	p.idle = append(p.idle, c)
	p.mu.Unlock()
}

// Close closes all idle connections and rejects further Gets.
func (p *Pool) Close() error {
	p.mu.Lock()
	idle := p.idle
	p.idle = nil
	p.closed = true
	p.mu.Unlock()

	var errs []error
	for _, c := range idle {
		if err := c.Conn.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
