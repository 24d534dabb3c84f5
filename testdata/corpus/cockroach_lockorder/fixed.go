package cockroach_lockorder

// splitPostApplyFixed follows the store-then-replica order.
func (r *Replica) splitPostApplyFixed(newID int64) {
	s := r.store
	s.mu.Lock()
	defer s.mu.Unlock()
	r.mu.Lock()
	destroyed := r.destroyed
	r.mu.Unlock()
	if destroyed {
		return
	}
	s.replicas[newID] = &Replica{rangeID: newID, store: s}
}
