// Package fields holds channels in struct fields closed by several methods
// of their type, or sent on after Close, each beside its safe twin.
package fields

import (
	"errors"
	"net"
	"sync"
)

// ---- a server connection: Close closes done, and the serve loop closes
// it too when the connection fails (the double close behind several
// "close of closed channel" panics in RPC servers).

type conn struct {
	nc   net.Conn
	done chan struct{}
}

func newConn(nc net.Conn) *conn {
	c := &conn{nc: nc, done: make(chan struct{})}
	go c.serve()
	return c
}

func (c *conn) serve() {
	buf := make([]byte, 512)
	for {
		if _, err := c.nc.Read(buf); err != nil {
			close(c.done)
			return
		}
	}
}

func (c *conn) Close() error {
	close(c.done) // want `close of conn.done can panic: \(\*conn\).serve also closes it \(line \d+\), and neither close is guarded by a sync.Once or a flag tested before it`
	return c.nc.Close()
}

// Safe twin: both paths close through one sync.Once.

type onceConn struct {
	nc        net.Conn
	done      chan struct{}
	closeOnce sync.Once
}

func newOnceConn(nc net.Conn) *onceConn {
	c := &onceConn{nc: nc, done: make(chan struct{})}
	go c.serve()
	return c
}

func (c *onceConn) shutdown() { c.closeOnce.Do(func() { close(c.done) }) }

func (c *onceConn) serve() {
	buf := make([]byte, 512)
	for {
		if _, err := c.nc.Read(buf); err != nil {
			c.shutdown()
			return
		}
	}
}

func (c *onceConn) Close() error {
	c.shutdown()
	return c.nc.Close()
}

// Safe twin: a flag tested under the lock before each close.

type flagConn struct {
	mu     sync.Mutex
	closed bool
	nc     net.Conn
	done   chan struct{}
}

func newFlagConn(nc net.Conn) *flagConn {
	c := &flagConn{nc: nc, done: make(chan struct{})}
	go c.serve()
	return c
}

func (c *flagConn) closeDone() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.closed = true
		close(c.done)
	}
}

func (c *flagConn) serve() {
	buf := make([]byte, 512)
	for {
		if _, err := c.nc.Read(buf); err != nil {
			c.closeDone()
			return
		}
	}
}

func (c *flagConn) Close() error {
	c.closeDone()
	return c.nc.Close()
}

// Still reported: the flag is set, but nobody tests it before closing.

type setOnlyConn struct {
	mu     sync.Mutex
	closed bool
	nc     net.Conn
	done   chan struct{}
}

func newSetOnlyConn(nc net.Conn) *setOnlyConn {
	c := &setOnlyConn{nc: nc, done: make(chan struct{})}
	go c.serve()
	return c
}

func (c *setOnlyConn) serve() {
	buf := make([]byte, 512)
	for {
		if _, err := c.nc.Read(buf); err != nil {
			c.mu.Lock()
			c.closed = true
			close(c.done)
			c.mu.Unlock()
			return
		}
	}
}

func (c *setOnlyConn) Close() error {
	c.mu.Lock()
	c.closed = true
	close(c.done) // want `close of setOnlyConn.done can panic: \(\*setOnlyConn\).serve also closes it`
	c.mu.Unlock()
	return c.nc.Close()
}

// Safe twin: the select-with-default idiom checks whether done is already
// closed (under the lock both closers hold).

type selectConn struct {
	mu   sync.Mutex
	nc   net.Conn
	done chan struct{}
}

func newSelectConn(nc net.Conn) *selectConn {
	c := &selectConn{nc: nc, done: make(chan struct{})}
	go c.serve()
	return c
}

func (c *selectConn) serve() {
	buf := make([]byte, 512)
	for {
		if _, err := c.nc.Read(buf); err != nil {
			c.mu.Lock()
			select {
			case <-c.done:
			default:
				close(c.done)
			}
			c.mu.Unlock()
			return
		}
	}
}

func (c *selectConn) Close() error {
	c.mu.Lock()
	select {
	case <-c.done:
	default:
		close(c.done)
	}
	c.mu.Unlock()
	return c.nc.Close()
}

// Safe twin: a single owner. Only the serve goroutine closes done; Close
// asks it to by closing the connection.

type ownerConn struct {
	nc   net.Conn
	done chan struct{}
}

func newOwnerConn(nc net.Conn) *ownerConn {
	c := &ownerConn{nc: nc, done: make(chan struct{})}
	go c.serve()
	return c
}

func (c *ownerConn) serve() {
	defer close(c.done)
	buf := make([]byte, 512)
	for {
		if _, err := c.nc.Read(buf); err != nil {
			return
		}
	}
}

func (c *ownerConn) Close() error {
	err := c.nc.Close()
	<-c.done
	return err
}

// Silent: the second close is in the constructor, on a path where the
// object never escapes.

type ctorConn struct {
	done chan struct{}
}

var errBad = errors.New("bad")

func newCtorConn(ok bool) (*ctorConn, error) {
	c := &ctorConn{done: make(chan struct{})}
	if !ok {
		close(c.done)
		return nil, errBad
	}
	return c, nil
}

func (c *ctorConn) Close() { close(c.done) }
