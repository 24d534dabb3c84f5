// Package kubernetes26980 is the fixed twin of GoKer kernel kubernetes26980, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package kubernetes26980

import "sync"

// Fixed: pop waits on the Cond only while the listener is running, and
// stopping it broadcasts under the lock.

type listener struct {
	lock    sync.Mutex
	cond    sync.Cond
	pending []int
	stopped bool
}

func newListener() *listener {
	l := &listener{}
	l.cond.L = &l.lock
	return l
}

func (l *listener) add(n int) {
	l.lock.Lock()
	defer l.lock.Unlock()
	l.pending = append(l.pending, n)
	l.cond.Broadcast()
}

func (l *listener) pop() {
	l.lock.Lock()
	defer l.lock.Unlock()
	for {
		for len(l.pending) == 0 {
			if l.stopped {
				return
			}
			l.cond.Wait()
		}
		l.pending = l.pending[1:]
	}
}

func (l *listener) stop() {
	l.lock.Lock()
	defer l.lock.Unlock()
	l.stopped = true
	l.cond.Broadcast()
}

func Run() {
	l := newListener()
	l.add(1)
	go l.pop()
	l.stop()
}
