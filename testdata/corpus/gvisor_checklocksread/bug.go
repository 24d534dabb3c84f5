// Package gvisor_checklocksread models a gVisor-style data race on a field
// annotated for the checklocks analyzer: a TCP endpoint's receive-buffer
// size is guarded by the receive-queue mutex, and the stats path used by
// the netstack's /proc reader reads it without the lock while the
// protocol goroutine updates it.
package gvisor_checklocksread

import "sync"

type segment struct {
	payload []byte
}

type endpoint struct {
	rcvQueueMu sync.Mutex
	// +checklocks:rcvQueueMu
	rcvQueue []*segment
	// +checklocks:rcvQueueMu
	rcvBufUsed int

	sndMu sync.Mutex
	// +checklocks:sndMu
	sndBufUsed int
}

// deliver is called by the protocol goroutine for each in-order segment.
func (e *endpoint) deliver(s *segment) {
	e.rcvQueueMu.Lock()
	e.rcvQueue = append(e.rcvQueue, s)
	e.rcvBufUsed += len(s.payload)
	e.rcvQueueMu.Unlock()
}

// Read is called by the application goroutine.
func (e *endpoint) Read(p []byte) int {
	e.rcvQueueMu.Lock()
	defer e.rcvQueueMu.Unlock()
	n := 0
	for len(e.rcvQueue) > 0 && n < len(p) {
		s := e.rcvQueue[0]
		c := copy(p[n:], s.payload)
		n += c
		s.payload = s.payload[c:]
		if len(s.payload) == 0 {
			e.rcvQueue = e.rcvQueue[1:]
		}
	}
	e.rcvBufUsed -= n
	return n
}

// Stats is called by the /proc reader's goroutine.
func (e *endpoint) Stats() (rcv, snd int) {
	e.sndMu.Lock()
	snd = e.sndBufUsed
	e.sndMu.Unlock()
	return e.rcvBufUsed, snd // WANT(guardedby)
}
