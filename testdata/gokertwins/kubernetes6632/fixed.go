// Package kubernetes6632 is the fixed twin of GoKer kernel kubernetes6632, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package kubernetes6632

import "sync"

// Fixed: WriteFrame sends without holding the write lock and gives up when
// the connection closes.

type framer struct {
	writeLock sync.Mutex
	resetChan chan bool
	closed    chan struct{}
	closeChan chan bool
}

func (f *framer) monitor() {
	<-f.closeChan
	close(f.closed)
	f.writeLock.Lock()
	f.resetChan = nil
	f.writeLock.Unlock()
}

func (f *framer) writeFrame() {
	f.writeLock.Lock()
	reset := f.resetChan
	f.writeLock.Unlock()
	if reset == nil {
		return
	}
	select {
	case reset <- true:
	case <-f.closed:
	}
}

func Run() {
	f := &framer{resetChan: make(chan bool), closed: make(chan struct{}), closeChan: make(chan bool)}
	go func() { f.closeChan <- true }()
	go f.monitor()
	go f.writeFrame()
}
