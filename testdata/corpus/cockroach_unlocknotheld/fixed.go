package cockroach_unlocknotheld

func (r *Replica) proposeFixed(cmd string, leaseholder bool) {
	if leaseholder {
		r.mu.Lock()
		r.mu.pending = append(r.mu.pending, cmd)
		r.mu.Unlock()
	}
}
