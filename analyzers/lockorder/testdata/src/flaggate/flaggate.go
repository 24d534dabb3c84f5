package flaggate // want package:`lockorder:flaggate.Conn.handshakeMu->flaggate.Conn.in flaggate.Conn.in->flaggate.Conn.handshakeMu flaggate.Pipe.in->flaggate.Pipe.setupMu flaggate.Pipe.setupMu->flaggate.Pipe.in`

// flaggate: once-initialisation under a lock. Handshake takes in
// after handshakeMu only while done is unset, and returns early once it is
// set; Read takes handshakeMu after in only in renegotiate, which runs
// after a completed handshake. The two orders are separated by the flag,
// which lock order cannot see: the cycle is in the flag-gated tier,
// reported with -lockorder.flaggated only.

import (
	"sync"
	"sync/atomic"
)

type Conn struct {
	handshakeMu sync.Mutex
	in          sync.Mutex
	done        atomic.Bool
	handshakes  int
	buf         []byte
}

func (c *Conn) Handshake() error {
	if c.done.Load() {
		return nil
	}
	c.handshakeMu.Lock()
	defer c.handshakeMu.Unlock()
	if c.done.Load() {
		return nil
	}
	c.in.Lock() // flag-gated: only before the handshake completes
	defer c.in.Unlock()
	c.handshakes++
	c.done.Store(true)
	return nil
}

func (c *Conn) Read() int {
	if err := c.Handshake(); err != nil {
		return 0
	}
	c.in.Lock()
	defer c.in.Unlock()
	if len(c.buf) == 0 {
		c.renegotiate()
	}
	return len(c.buf)
}

func (c *Conn) renegotiate() {
	c.handshakeMu.Lock()
	defer c.handshakeMu.Unlock()
	c.done.Store(false)
	c.handshakes++
}

// Bad twin: no completion flag between the two orders.
type Pipe struct {
	setupMu sync.Mutex
	in      sync.Mutex
	ready   bool
	buf     []byte
}

func (p *Pipe) Setup() {
	p.setupMu.Lock()
	defer p.setupMu.Unlock()
	p.in.Lock()
	p.ready = true
	p.in.Unlock()
}

func (p *Pipe) Read() int {
	p.in.Lock()
	defer p.in.Unlock()
	if len(p.buf) == 0 {
		p.reset()
	}
	return len(p.buf)
}

func (p *Pipe) reset() {
	p.setupMu.Lock() // want `lock-order inversion: Pipe.setupMu acquired here while \(\*Pipe\).Read holds Pipe.in .*: two goroutines running these can deadlock$`
	p.ready = false
	p.setupMu.Unlock()
}
