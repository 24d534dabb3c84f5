// Package fallible: helpers that lock only after a fallible step
// succeeds. Calling one with the lock held deadlocks on the success path,
// the common one.
package fallible

import (
	"errors"
	"fmt"
	"net"
	"sync"
)

type Dialer interface {
	Dial(addr string) (net.Conn, error)
}

type Pool struct {
	mu     sync.Mutex
	dialer Dialer
	addr   string
	idle   []net.Conn
	closed bool
	hits   int
}

var ErrClosed = errors.New("pool closed")

// grow dials first and locks only when the dial succeeded.
func (p *Pool) grow() error {
	c, err := p.dialer.Dial(p.addr)
	if err != nil {
		return fmt.Errorf("pool: dial %s: %w", p.addr, err)
	}
	p.mu.Lock()
	p.idle = append(p.idle, c)
	p.mu.Unlock()
	return nil
}

// Bad: grow locks p.mu again once the dial succeeds.
func (p *Pool) Get() (net.Conn, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, ErrClosed
	}
	if len(p.idle) == 0 {
		if err := p.grow(); err != nil { // want `call acquires p.mu on its successful path \(it returns without locking only with an error\), which is already held here \(write\): \(\*Pool\).grow → Lock at fallible.go:\d+`
			return nil, err
		}
	}
	c := p.idle[len(p.idle)-1]
	p.idle = p.idle[:len(p.idle)-1]
	return c, nil
}

// Safe twin: grow runs without the lock.
func (p *Pool) GetSafe() (net.Conn, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, ErrClosed
	}
	empty := len(p.idle) == 0
	p.mu.Unlock()
	if empty {
		if err := p.grow(); err != nil {
			return nil, err
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.idle[len(p.idle)-1]
	p.idle = p.idle[:len(p.idle)-1]
	return c, nil
}

// validate fails with a sentinel or a checked error before locking.
func (p *Pool) validate(c net.Conn) error {
	if c == nil {
		return ErrClosed
	}
	if err := ping(c); err != nil {
		return err
	}
	p.mu.Lock()
	p.hits++
	p.mu.Unlock()
	return nil
}

func ping(c net.Conn) error { _, err := c.Write(nil); return err }

// Bad, through a two-level chain.
func (p *Pool) check(c net.Conn) error { return p.validate(c) }

func (p *Pool) Put(c net.Conn) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.check(c); err != nil { // want `call acquires p.mu on its successful path .*: \(\*Pool\).check → \(\*Pool\).validate → Lock`
		return err
	}
	p.idle = append(p.idle, c)
	return nil
}

// A bool-reporting helper: false is the failure.
func (p *Pool) tryReserve(n int) bool {
	if n <= 0 {
		return false
	}
	p.mu.Lock()
	p.hits += n
	p.mu.Unlock()
	return true
}

func (p *Pool) Reserve(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.tryReserve(n) { // want `call acquires p.mu on its successful path`
		p.closed = true
	}
}

// Safe: the helper returns early on a success path too (nothing to do).
func (p *Pool) refill(n int) error {
	if n == 0 {
		return nil
	}
	c, err := p.dialer.Dial(p.addr)
	if err != nil {
		return err
	}
	p.mu.Lock()
	p.idle = append(p.idle, c)
	p.mu.Unlock()
	return nil
}

func (p *Pool) Refill() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.refill(0)
}

// Safe: the helper locks on its failure path only.
func (p *Pool) dialCounted() (net.Conn, error) {
	c, err := p.dialer.Dial(p.addr)
	if err != nil {
		p.mu.Lock()
		p.hits--
		p.mu.Unlock()
		return nil, err
	}
	return c, nil
}

func (p *Pool) Warm() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, err := p.dialCounted()
	if err != nil {
		return err
	}
	p.idle = append(p.idle, c)
	return nil
}

// Safe: an error that may be nil (returned unchecked) is not a failure.
func (p *Pool) flush(c net.Conn) error {
	err := ping(c)
	if p.closed {
		return err
	}
	p.mu.Lock()
	p.hits = 0
	p.mu.Unlock()
	return nil
}

func (p *Pool) Flush(c net.Conn) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.flush(c)
}
