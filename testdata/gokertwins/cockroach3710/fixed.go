// Package cockroach3710 is the fixed twin of GoKer kernel cockroach3710, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package cockroach3710

import "sync"

// Fixed: the scan copies the replicas under the read lock and releases it
// before processing them, so nothing read-locks the store recursively.

type store struct {
	mu       sync.RWMutex
	queue    *queue
	replicas []*replica
}

type replica struct{ store *store }

type queue struct{ sync.Mutex }

func (s *store) forceScanAndProcess() {
	s.mu.RLock()
	rs := append([]*replica(nil), s.replicas...)
	s.mu.RUnlock()
	for _, r := range rs {
		s.queue.maybeAdd(r)
	}
}

func (s *store) raftStatus() {
	s.mu.RLock()
	defer s.mu.RUnlock()
}

func (q *queue) maybeAdd(r *replica) {
	q.Lock()
	defer q.Unlock()
	r.store.raftStatus()
}

func (s *store) processRaft() {
	s.mu.Lock()
	s.mu.Unlock()
}

func Run() {
	s := &store{queue: &queue{}}
	s.replicas = []*replica{{s}, {s}}
	go s.forceScanAndProcess()
	go s.processRaft()
}
