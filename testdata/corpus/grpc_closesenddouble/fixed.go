package grpc_closesenddouble

import "sync"

type clientStreamFixed struct {
	mu         sync.Mutex
	sendClosed bool
	sendDone   chan struct{}
	done       chan struct{}
}

func newClientStreamFixed() *clientStreamFixed {
	return &clientStreamFixed{sendDone: make(chan struct{}), done: make(chan struct{})}
}

func (cs *clientStreamFixed) closeSendLocked() {
	if !cs.sendClosed {
		cs.sendClosed = true
		close(cs.sendDone)
	}
}

func (cs *clientStreamFixed) CloseSend() error {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.closeSendLocked()
	return nil
}

func (cs *clientStreamFixed) Close() error {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.closeSendLocked()
	close(cs.done)
	return nil
}
