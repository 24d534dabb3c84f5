package fields

import "sync"

// ---- a client stream: CloseSend closes the send side's channel and Close
// closes it again (the CloseSend-then-Close sequence every caller writes).

type ClientStream struct {
	mu       sync.Mutex
	sendDone chan struct{}
	recvDone chan struct{}
}

func NewClientStream() *ClientStream {
	return &ClientStream{sendDone: make(chan struct{}), recvDone: make(chan struct{})}
}

func (s *ClientStream) CloseSend() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.sendDone)
	return nil
}

func (s *ClientStream) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.sendDone) // want `close of ClientStream.sendDone can panic: \(\*ClientStream\).CloseSend also closes it \(line \d+\)`
	close(s.recvDone)
	return nil
}

// Safe twin: Close checks a flag CloseSend sets.

type SafeClientStream struct {
	mu       sync.Mutex
	sendDone chan struct{}
	recvDone chan struct{}
	sendShut bool
}

func NewSafeClientStream() *SafeClientStream {
	return &SafeClientStream{sendDone: make(chan struct{}), recvDone: make(chan struct{})}
}

func (s *SafeClientStream) CloseSend() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sendShut {
		return nil
	}
	s.sendShut = true
	close(s.sendDone)
	return nil
}

func (s *SafeClientStream) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.sendShut {
		s.sendShut = true
		close(s.sendDone)
	}
	close(s.recvDone)
	return nil
}

// Silent: nil-after-close under a nil test is a guard as well.

type NilStream struct {
	mu       sync.Mutex
	sendDone chan struct{}
}

func (s *NilStream) CloseSend() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sendDone != nil {
		close(s.sendDone)
		s.sendDone = nil
	}
}

func (s *NilStream) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sendDone != nil {
		close(s.sendDone)
		s.sendDone = nil
	}
}
