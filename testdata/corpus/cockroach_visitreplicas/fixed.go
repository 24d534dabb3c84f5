package cockroach_visitreplicas

// destroyFixed removes the replica from the store before locking it, in
// the store-then-replica order the visitor uses.
func (r *Replica) destroyFixed() {
	r.store.mu.Lock()
	delete(r.store.replicas, r.id)
	r.store.mu.Unlock()
	r.mu.Lock()
	r.destroyed = true
	r.mu.Unlock()
}
