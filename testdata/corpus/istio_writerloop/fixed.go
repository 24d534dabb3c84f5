package istio_writerloop

import (
	"io"
	"sync"
)

type connFixed struct {
	mu      sync.Mutex
	sent    int
	pending int
	out     chan []byte
	w       io.Writer
}

func newConnFixed(w io.Writer) *connFixed {
	c := &connFixed{out: make(chan []byte), w: w}
	go c.writer()
	return c
}

func (c *connFixed) writer() {
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

func (c *connFixed) Send(msg []byte) {
	c.mu.Lock()
	c.pending++
	c.mu.Unlock()
	c.out <- msg
}
