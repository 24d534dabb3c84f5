// Package goroutinefield has fields assigned by a goroutine the object
// starts while another method reads them, and their safe twins.
package goroutinefield

import (
	"errors"
	"net"
	"sync"
)

// A client that dials in the background: Send reads c.conn while connect
// may still be assigning it.
type Client struct {
	addr string
	conn net.Conn
	err  error
}

func Dial(addr string) *Client {
	c := &Client{addr: addr}
	go c.connect()
	return c
}

func (c *Client) connect() {
	conn, err := net.Dial("tcp", c.addr)
	if err != nil {
		c.err = err // want `c.err is assigned by the goroutine started at client.go:\d+ and read by Err without synchronization`
		return
	}
	c.conn = conn // want `c.conn is assigned by the goroutine started at client.go:\d+ and read by Send without synchronization`
}

func (c *Client) Send(b []byte) error {
	if c.conn == nil {
		return errors.New("not connected")
	}
	_, err := c.conn.Write(b)
	return err
}

func (c *Client) Err() error { return c.err }

// Safe twin: Send waits on a ready channel that connect closes after the
// assignment.
type readyClient struct {
	addr  string
	ready chan struct{}
	conn  net.Conn
}

func dialReady(addr string) *readyClient {
	c := &readyClient{addr: addr, ready: make(chan struct{})}
	go c.connect()
	return c
}

func (c *readyClient) connect() {
	defer close(c.ready)
	conn, err := net.Dial("tcp", c.addr)
	if err == nil {
		c.conn = conn
	}
}

func (c *readyClient) Send(b []byte) error {
	<-c.ready
	if c.conn == nil {
		return errors.New("not connected")
	}
	_, err := c.conn.Write(b)
	return err
}

// Safe twin: a mutex on both sides.
type lockedClient struct {
	addr string
	mu   sync.Mutex
	conn net.Conn
}

func dialLocked(addr string) *lockedClient {
	c := &lockedClient{addr: addr}
	go c.connect()
	return c
}

func (c *lockedClient) connect() {
	conn, err := net.Dial("tcp", c.addr)
	if err != nil {
		return
	}
	c.mu.Lock()
	c.conn = conn
	c.mu.Unlock()
}

func (c *lockedClient) Send(b []byte) error {
	c.mu.Lock()
	conn := c.conn
	c.mu.Unlock()
	if conn == nil {
		return errors.New("not connected")
	}
	_, err := conn.Write(b)
	return err
}

// Safe twin: the connection is dialed before the goroutine starts; the
// goroutine only reads it.
type eagerClient struct {
	conn net.Conn
	in   chan []byte
}

func dialEager(addr string) (*eagerClient, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	c := &eagerClient{in: make(chan []byte)}
	c.conn = conn
	go c.readLoop()
	return c, nil
}

func (c *eagerClient) readLoop() {
	buf := make([]byte, 512)
	for {
		n, err := c.conn.Read(buf)
		if err != nil {
			return
		}
		c.in <- buf[:n]
	}
}

func (c *eagerClient) Send(b []byte) error {
	_, err := c.conn.Write(b)
	return err
}

// Safe twin: the caller joins the goroutine (a WaitGroup) before reading.
type joinedDialer struct {
	wg   sync.WaitGroup
	addr string
	conn net.Conn
}

func (d *joinedDialer) Start() {
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		d.conn, _ = net.Dial("tcp", d.addr)
	}()
}

func (d *joinedDialer) Conn() net.Conn {
	d.wg.Wait()
	return d.conn
}
