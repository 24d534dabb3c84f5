// Package grpc1275 is the fixed twin of GoKer kernel grpc1275, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package grpc1275

import (
	"io"
	"time"
)

// Fixed: closing the stream closes its receive buffer, which ends a
// pending Read.

type recvBuffer struct{ c chan bool }

type reader struct{ recv *recvBuffer }

func (r *reader) Read(p []byte) (int, error) {
	<-r.recv.c
	return 0, io.EOF
}

type stream struct {
	buf *recvBuffer
	r   io.Reader
}

func newStream() *stream {
	b := &recvBuffer{c: make(chan bool)}
	return &stream{buf: b, r: &reader{recv: b}}
}

func (s *stream) Read(p []byte) (int, error) { return io.ReadFull(s.r, p) }

func closeStream(s *stream) { close(s.buf.c) }

func Run() {
	s := newStream()
	donec := make(chan bool)
	go func() {
		defer close(donec)
		s.Read([]byte{1})
	}()
	closeStream(s)
	timeout := time.NewTimer(time.Millisecond)
	defer timeout.Stop()
	select {
	case <-donec:
	case <-timeout.C:
		<-donec
	}
}
