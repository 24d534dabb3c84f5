package grpcclientstream

import (
	"context"
	"io"
	"sync"
)

// ClientStreamFixed is the client half of a streaming RPC.
type ClientStreamFixed struct {
	id     uint32
	sendCh chan *Frame
	recvCh chan *Frame
	ctx    context.Context
	cancel context.CancelFunc

	mu         sync.Mutex
	sendClosed bool
	trailer    map[string]string
}

// NewClientStreamFixed returns a stream with the given buffering.
func NewClientStreamFixed(ctx context.Context, id uint32, buf int) *ClientStreamFixed {
	ctx, cancel := context.WithCancel(ctx)
	return &ClientStreamFixed{id: id, sendCh: make(chan *Frame, buf), recvCh: make(chan *Frame, buf), ctx: ctx, cancel: cancel}
}

// Send queues a message.
func (s *ClientStreamFixed) Send(payload []byte) error {
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
func (s *ClientStreamFixed) Recv() ([]byte, error) {
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

// closeSendLocked closes the outbound channel once. s.mu must be held.
func (s *ClientStreamFixed) closeSendLocked() {
	if s.sendClosed {
		return
	}
	s.sendClosed = true
	close(s.sendCh)
}

// CloseSend half-closes the stream: the server sees end of input.
func (s *ClientStreamFixed) CloseSend() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeSendLocked()
	return nil
}

// Close aborts the stream and releases its resources. Cancelling first
// wakes a Send blocked on a full outbound queue.
func (s *ClientStreamFixed) Close() error {
	s.cancel()
	s.mu.Lock()
	s.closeSendLocked()
	s.mu.Unlock()
	return nil
}

// Outbound is read by the transport's writer goroutine.
func (s *ClientStreamFixed) Outbound() <-chan *Frame { return s.sendCh }

// UploadFixed is the typical client-streaming call site.
func UploadFixed(ctx context.Context, s *ClientStreamFixed, chunks [][]byte) ([]byte, error) {
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
