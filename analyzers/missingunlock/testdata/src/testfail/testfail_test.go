package testfail

import (
	"errors"
	"sync"
	"testing"
)

type syncBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func newWriter(b *syncBuffer) error {
	if b == nil {
		return errors.New("nil buffer")
	}
	return nil
}

// A test that fails on an error path leaves its local buffer locked: the
// test is over, nothing waits on the lock (compress/flate's testSync).
func TestFailurePathKeepsLock(t *testing.T) {
	b := &syncBuffer{}
	b.mu.Lock()
	if err := newWriter(b); err != nil {
		t.Errorf("newWriter: %v", err)
		return
	}
	b.buf = append(b.buf, 'x')
	b.mu.Unlock()
}

// The same shape without a test failure is a lock leak.
func helperKeepsLock(b *syncBuffer) error {
	b.mu.Lock()
	if err := newWriter(b); err != nil {
		return err // want `b.mu is still locked at this return`
	}
	b.buf = append(b.buf, 'x')
	b.mu.Unlock()
	return nil
}

func TestHelper(t *testing.T) {
	if err := helperKeepsLock(&syncBuffer{}); err != nil {
		t.Fatal(err)
	}
}

// The other return is the implicit one at the closing brace: the message
// names it by the brace's line.
func appendUnlessClosed(b *syncBuffer, closed bool) {
	b.mu.Lock()
	if closed {
		return // want `b.mu is still locked at this return: it is unlocked before the end of the function at testfail_test.go:\d+ but not on this path`
	}
	b.buf = append(b.buf, 'x')
	b.mu.Unlock()
}
