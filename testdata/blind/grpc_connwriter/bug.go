// Package grpcconnwriter models a framed connection whose writer goroutine
// receives frames from an unbuffered write channel and then takes the
// connection mutex to update flow-control state. Write holds that mutex while
// sending on the channel, so a second Write arriving while the writer waits
// for the mutex blocks on the send with the mutex held: a deadlock.
package grpcconnwriter

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"sync"
	"time"
)

// ErrConnClosing is returned after Close.
var ErrConnClosing = errors.New("transport is closing")

// Metrics observes flushed bytes.
type Metrics interface {
	BytesWritten(n int)
}

// Conn is a framed transport.
type Conn struct {
	mu           sync.Mutex
	closed       bool
	pending      int
	sendQuota    int
	bytesWritten int64
	lastWrite    time.Time

	writeCh chan []byte
	done    chan struct{}
	bw      *bufio.Writer
	raw     io.WriteCloser
	metrics Metrics
	now     func() time.Time
}

// NewConn wraps w and starts the writer goroutine.
func NewConn(w io.WriteCloser, m Metrics, quota int) *Conn {
	c := &Conn{
		sendQuota: quota,
		writeCh:   make(chan []byte),
		done:      make(chan struct{}),
		bw:        bufio.NewWriterSize(w, 32*1024),
		raw:       w,
		metrics:   m,
		now:       time.Now,
	}
	go c.writeLoop()
	return c
}

func (c *Conn) writeLoop() {
	defer close(c.done)
	var hdr [4]byte
	for frame := range c.writeCh {
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
		if len(c.writeCh) == 0 {
			if err := c.bw.Flush(); err != nil {
				return
			}
		}
		c.metrics.BytesWritten(len(frame) + len(hdr))
	}
	c.bw.Flush()
}

// Write queues p as one frame.
func (c *Conn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return 0, ErrConnClosing
	}
	c.pending++
	c.sendQuota -= len(p)
	c.writeCh <- p // WANT(chanlock)
	return len(p), nil
}

// Close stops accepting writes and waits for queued frames to flush.
func (c *Conn) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	close(c.writeCh)
	c.mu.Unlock()
	<-c.done
	return c.raw.Close()
}
