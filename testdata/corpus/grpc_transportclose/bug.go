// Package grpc_transportclose models a gRPC-Go transport bug: closing a
// stream takes the transport mutex, and the branch for an already-closed
// transport returns with the mutex still held, so the keepalive goroutine
// blocks on its next Lock.
package grpc_transportclose

import (
	"errors"
	"sync"
)

var errTransportClosing = errors.New("transport is closing")

type stream struct{ id uint32 }

type http2Client struct {
	mu            sync.Mutex
	state         int // 0 reachable, 1 closing
	activeStreams map[uint32]*stream
}

func (t *http2Client) closeStream(s *stream) error {
	t.mu.Lock() // WANT(missingunlock)
	if t.state == 1 {
		return errTransportClosing // WANT(missingunlock)
	}
	delete(t.activeStreams, s.id)
	t.mu.Unlock()
	return nil
}

func (t *http2Client) keepalive() int {
	t.mu.Lock()
	n := len(t.activeStreams)
	t.mu.Unlock()
	return n
}
