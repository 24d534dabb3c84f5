// Package atomics has fields updated with sync/atomic in one place and
// accessed plainly in another.
package atomics

import (
	"sync"
	"sync/atomic"
)

// An etcd-style raft node: the applied index is stored atomically by the
// apply loop and read plainly by the status handler.
type raftNode struct {
	appliedIndex uint64
	term         uint64
	committed    atomic.Uint64 // typed atomics cannot be accessed plainly
}

func (r *raftNode) apply(idx uint64) {
	atomic.StoreUint64(&r.appliedIndex, idx)
	r.committed.Store(idx)
}

func (r *raftNode) AppliedIndex() uint64 {
	return atomic.LoadUint64(&r.appliedIndex)
}

func (r *raftNode) Status() (uint64, uint64) {
	return r.appliedIndex, atomic.LoadUint64(&r.term) // want `r.appliedIndex is read without sync/atomic: it is accessed atomically elsewhere`
}

func (r *raftNode) StatusSafe() (uint64, uint64, uint64) {
	return atomic.LoadUint64(&r.appliedIndex), atomic.LoadUint64(&r.term), r.committed.Load()
}

func (r *raftNode) bumpTerm() {
	r.term++ // want `r.term is written without sync/atomic: it is accessed atomically elsewhere`
}

// Stats updated with atomics by request handlers, reset plainly.
type stats struct {
	requests int64
	errors   int64
	mu       sync.Mutex
	last     int64
}

func (s *stats) observe(err error) {
	atomic.AddInt64(&s.requests, 1)
	if err != nil {
		atomic.AddInt64(&s.errors, 1)
	}
}

func (s *stats) Reset() {
	s.mu.Lock()
	s.requests = 0 // want `s.requests is written without sync/atomic: it is accessed atomically elsewhere`
	atomic.StoreInt64(&s.errors, 0)
	s.mu.Unlock()
}

// A constructor initialises plainly before the object is shared.
func newStats() *stats {
	s := &stats{}
	s.requests = 0
	return s
}

// The slow path reads plainly under the lock that every atomic writer also
// holds: ordered by the lock.
func (s *stats) setLast(v int64) {
	s.mu.Lock()
	atomic.StoreInt64(&s.last, v)
	s.mu.Unlock()
}

func (s *stats) Last() int64 { return atomic.LoadInt64(&s.last) }

func (s *stats) lastLocked() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

// Package variables too.
var (
	inflight int32
	closing  int32
)

func begin() { atomic.AddInt32(&inflight, 1) }
func end()   { atomic.AddInt32(&inflight, -1) }

func idle() bool {
	return inflight == 0 // want `inflight is read without sync/atomic: it is accessed atomically elsewhere`
}

func shutdown() { atomic.StoreInt32(&closing, 1) }

func isClosing() bool { return atomic.LoadInt32(&closing) == 1 }
