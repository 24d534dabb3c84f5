// Package etcd_atomicmixed models an etcd-style data race: the applied index
// is updated with sync/atomic by the apply loop, but a status method reads it
// with a plain load.
package etcd_atomicmixed

import "sync/atomic"

type raftNode struct {
	appliedIndex uint64
	term         uint64
}

func (r *raftNode) apply(idx uint64) {
	atomic.StoreUint64(&r.appliedIndex, idx)
}

func (r *raftNode) AppliedIndex() uint64 {
	return atomic.LoadUint64(&r.appliedIndex)
}

// Status is served by the HTTP handler goroutine.
func (r *raftNode) Status() (uint64, uint64) {
	return r.appliedIndex, atomic.LoadUint64(&r.term) // WANT(guardedby)
}
