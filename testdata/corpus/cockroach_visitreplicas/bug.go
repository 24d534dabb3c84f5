// Package cockroach_visitreplicas models a CockroachDB-style store whose
// replica visitor runs its callback under the store's read lock; the
// callback locks each replica, while a replica being destroyed holds its
// own lock and takes the store's write lock: ABBA through a visitor
// callback (a writer waits for the reader, the reader for the replica).
package cockroach_visitreplicas

import "sync"

type Store struct {
	mu       sync.RWMutex
	replicas map[int]*Replica
}

type Replica struct {
	mu        sync.Mutex
	store     *Store
	id        int
	quiescent bool
	destroyed bool
}

// VisitReplicas calls visit for every replica with s.mu read-locked.
func (s *Store) VisitReplicas(visit func(*Replica)) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, r := range s.replicas {
		visit(r)
	}
}

func (s *Store) unquiesceAll() {
	s.VisitReplicas(func(r *Replica) {
		r.mu.Lock() // WANT(lockorder)
		r.quiescent = false
		r.mu.Unlock()
	})
}

func (r *Replica) destroy() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.destroyed = true
	r.store.mu.Lock() // WANT(lockorder)
	delete(r.store.replicas, r.id)
	r.store.mu.Unlock()
}
