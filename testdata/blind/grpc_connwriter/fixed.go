package grpcconnwriter

import (
	"bufio"
	"encoding/binary"
	"io"
	"sync"
	"time"
)

// ConnFixed is a framed transport.
type ConnFixed struct {
	mu           sync.Mutex
	closed       bool
	pending      int
	sendQuota    int
	bytesWritten int64
	lastWrite    time.Time

	writeCh chan []byte
	closing chan struct{}
	done    chan struct{}
	bw      *bufio.Writer
	raw     io.WriteCloser
	metrics Metrics
	now     func() time.Time
}

// NewConnFixed wraps w and starts the writer goroutine.
func NewConnFixed(w io.WriteCloser, m Metrics, quota int) *ConnFixed {
	c := &ConnFixed{
		sendQuota: quota,
		writeCh:   make(chan []byte),
		closing:   make(chan struct{}),
		done:      make(chan struct{}),
		bw:        bufio.NewWriterSize(w, 32*1024),
		raw:       w,
		metrics:   m,
		now:       time.Now,
	}
	go c.writeLoop()
	return c
}

func (c *ConnFixed) writeLoop() {
	defer close(c.done)
	var hdr [4]byte
	for {
		var frame []byte
		select {
		case frame = <-c.writeCh:
		case <-c.closing:
			c.bw.Flush()
			return
		}
		c.mu.Lock()
		c.pending--
		c.sendQuota += len(frame)
		c.bytesWritten += int64(len(frame))
		c.lastWrite = c.now()
		c.mu.Unlock()

		binary.BigEndian.PutUint32(hdr[:], uint32(len(frame)))
		if _, err := c.bw.Write(hdr[:]); err != nil {
			return
		}
		if _, err := c.bw.Write(frame); err != nil {
			return
		}
		if err := c.bw.Flush(); err != nil {
			return
		}
		c.metrics.BytesWritten(len(frame) + len(hdr))
	}
}

// Write queues p as one frame. The bookkeeping is done under the mutex, but
// the hand-off to the writer goroutine happens after releasing it.
func (c *ConnFixed) Write(p []byte) (int, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return 0, ErrConnClosing
	}
	c.pending++
	c.sendQuota -= len(p)
	c.mu.Unlock()

	select {
	case c.writeCh <- p:
		return len(p), nil
	case <-c.done:
		return 0, ErrConnClosing
	case <-c.closing:
		return 0, ErrConnClosing
	}
}

// Close stops accepting writes and waits for the writer to flush and exit.
func (c *ConnFixed) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	close(c.closing)
	c.mu.Unlock()
	<-c.done
	return c.raw.Close()
}
