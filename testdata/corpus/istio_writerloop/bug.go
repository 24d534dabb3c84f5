// Package istio_writerloop models a connection writer deadlock of the kind
// seen in proxies' xDS streams: Send holds the connection's mutex while it
// hands a message to the writer goroutine over an unbuffered channel, and
// the writer takes the same mutex after each write to update its
// statistics. Once the writer waits for the mutex, the next Send blocks
// forever while holding it.
package istio_writerloop

import (
	"io"
	"sync"
)

type conn struct {
	mu      sync.Mutex
	sent    int
	pending int
	out     chan []byte
	w       io.Writer
}

func newConn(w io.Writer) *conn {
	c := &conn{out: make(chan []byte), w: w}
	go c.writer()
	return c
}

func (c *conn) writer() {
	for msg := range c.out {
		n, err := c.w.Write(msg)
		if err != nil {
			return
		}
		c.mu.Lock()
		c.sent += n
		c.pending--
		c.mu.Unlock()
	}
}

func (c *conn) Send(msg []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending++
	c.out <- msg // WANT(chanlock)
}
