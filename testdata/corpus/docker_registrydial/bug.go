// Package docker_registrydial models a registry session pool whose
// refill helper dials first and takes the pool lock only once the dial
// succeeded. Get calls it with the pool lock held: it deadlocks exactly
// when the dial works, the common case.
package docker_registrydial

import (
	"errors"
	"fmt"
	"net"
	"sync"
)

type Dialer interface {
	Dial(network, addr string) (net.Conn, error)
}

type session struct{ conn net.Conn }

type sessionPool struct {
	mu       sync.Mutex
	dialer   Dialer
	endpoint string
	idle     []*session
	closed   bool
}

var errPoolClosed = errors.New("registry: session pool closed")

func (p *sessionPool) refill() error {
	c, err := p.dialer.Dial("tcp", p.endpoint)
	if err != nil {
		return fmt.Errorf("registry: dial %s: %w", p.endpoint, err)
	}
	p.mu.Lock()
	p.idle = append(p.idle, &session{conn: c})
	p.mu.Unlock()
	return nil
}

func (p *sessionPool) Get() (*session, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, errPoolClosed
	}
	if len(p.idle) == 0 {
		if err := p.refill(); err != nil { // WANT(doublelock)
			return nil, err
		}
	}
	s := p.idle[len(p.idle)-1]
	p.idle = p.idle[:len(p.idle)-1]
	return s, nil
}
