// Package cockroach_lockorder models a CockroachDB-style ABBA deadlock: the
// store locks the store mutex and then a replica's mutex when it removes a
// replica, while the replica's split path locks its own mutex and then the
// store mutex. Two goroutines running the two paths deadlock.
package cockroach_lockorder

import "sync"

type Store struct {
	mu       sync.Mutex
	replicas map[int64]*Replica
}

type Replica struct {
	mu        sync.Mutex
	rangeID   int64
	destroyed bool
	store     *Store
}

// removeReplica: Store.mu, then Replica.mu.
func (s *Store) removeReplica(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.replicas[id]
	if r == nil {
		return
	}
	r.mu.Lock() // WANT(lockorder)
	r.destroyed = true
	r.mu.Unlock()
	delete(s.replicas, id)
}

// splitPostApply: Replica.mu, then Store.mu.
func (r *Replica) splitPostApply(newID int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.destroyed {
		return
	}
	r.store.mu.Lock() // WANT(lockorder)
	r.store.replicas[newID] = &Replica{rangeID: newID, store: r.store}
	r.store.mu.Unlock()
}
