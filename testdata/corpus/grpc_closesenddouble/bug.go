// Package grpc_closesenddouble models the "close of closed channel" panics
// of gRPC-Go client streams: CloseSend closes the stream's send-side done
// channel, and Close, which every caller runs last, closes it again.
package grpc_closesenddouble

import "sync"

type clientStream struct {
	mu       sync.Mutex
	sendDone chan struct{}
	done     chan struct{}
}

func newClientStream() *clientStream {
	return &clientStream{sendDone: make(chan struct{}), done: make(chan struct{})}
}

// CloseSend half-closes the stream.
func (cs *clientStream) CloseSend() error {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	close(cs.sendDone)
	return nil
}

// Close tears the stream down.
func (cs *clientStream) Close() error {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	close(cs.sendDone) // WANT(chanclose)
	close(cs.done)
	return nil
}
