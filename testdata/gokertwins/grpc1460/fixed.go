// Package grpc1460 is the fixed twin of GoKer kernel grpc1460, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package grpc1460

import "sync"

// Fixed: keepalive waits for the awakening without holding t.mu, and the
// awakening is buffered, so it is not lost when keepalive is not waiting
// yet.

type transport struct {
	mu      sync.Mutex
	awaken  chan struct{}
	streams int
}

func (t *transport) keepalive() {
	t.mu.Lock()
	idle := t.streams < 1
	t.mu.Unlock()
	if idle {
		<-t.awaken
	}
}

func (t *transport) newStream() {
	t.mu.Lock()
	t.streams++
	if t.streams == 1 {
		select {
		case t.awaken <- struct{}{}:
		default:
		}
	}
	t.mu.Unlock()
}

func Run() {
	t := &transport{awaken: make(chan struct{}, 1)}
	go t.keepalive()
	go t.newStream()
}
