// Package grpcclientstream models an in-process bidirectional stream whose
// CloseSend closes the outbound frame channel to half-close the stream, and
// whose Close closes the same channel again while tearing the stream down.
// The common pattern of CloseSend after the last message followed by a
// deferred Close panics with a close of a closed channel.
package grpcclientstream

import (
	"context"
	"errors"
	"io"
	"sync"
)

// Frame is one message on the stream.
type Frame struct {
	StreamID uint32
	Payload  []byte
	EndOfRPC bool
}

// ErrStreamClosed is returned from Send after CloseSend or Close.
var ErrStreamClosed = errors.New("grpc: send on closed stream")

// ClientStream is the client half of a streaming RPC.
type ClientStream struct {
	id     uint32
	sendCh chan *Frame
	recvCh chan *Frame
	ctx    context.Context
	cancel context.CancelFunc

	mu         sync.Mutex
	sendClosed bool
	trailer    map[string]string
}

// NewClientStream returns a stream with the given buffering.
func NewClientStream(ctx context.Context, id uint32, buf int) *ClientStream {
	ctx, cancel := context.WithCancel(ctx)
	return &ClientStream{id: id, sendCh: make(chan *Frame, buf), recvCh: make(chan *Frame, buf), ctx: ctx, cancel: cancel}
}

// Send queues a message.
func (s *ClientStream) Send(payload []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sendClosed {
		return ErrStreamClosed
	}
	select {
	case s.sendCh <- &Frame{StreamID: s.id, Payload: payload}:
		return nil
	case <-s.ctx.Done():
		return s.ctx.Err()
	}
}

// Recv returns the next message, or io.EOF at the end of the stream.
func (s *ClientStream) Recv() ([]byte, error) {
	select {
	case f, ok := <-s.recvCh:
		if !ok || f.EndOfRPC {
			return nil, io.EOF
		}
		return f.Payload, nil
	case <-s.ctx.Done():
		return nil, s.ctx.Err()
	}
}

// CloseSend half-closes the stream: the server sees end of input.
func (s *ClientStream) CloseSend() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sendClosed = true
	close(s.sendCh) // WANT(chanclose)
	return nil
}

// Close aborts the stream and releases its resources. Cancelling first
// wakes a Send blocked on a full outbound queue.
func (s *ClientStream) Close() error {
	s.cancel()
	s.mu.Lock()
	s.sendClosed = true
	close(s.sendCh) // WANT(chanclose)
	s.mu.Unlock()
	return nil
}

// Outbound is read by the transport's writer goroutine.
func (s *ClientStream) Outbound() <-chan *Frame { return s.sendCh }

// Upload is the typical client-streaming call site.
func Upload(ctx context.Context, s *ClientStream, chunks [][]byte) ([]byte, error) {
	defer s.Close()
	for _, c := range chunks {
		if err := s.Send(c); err != nil {
			return nil, err
		}
	}
	if err := s.CloseSend(); err != nil {
		return nil, err
	}
	return s.Recv()
}
