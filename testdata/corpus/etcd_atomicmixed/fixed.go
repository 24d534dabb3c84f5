package etcd_atomicmixed

// StatusFixed loads atomically like every other access.
func (r *raftNode) StatusFixed() (uint64, uint64) {
	return atomic_load(&r.appliedIndex), atomic_load(&r.term)
}
