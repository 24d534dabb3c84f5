// Package cockroach10214 is the fixed twin of GoKer kernel cockroach10214, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package cockroach10214

import "sync"

// Fixed: sendQueuedHeartbeats releases coalescedMu before it takes any
// replica's raftMu, so the two locks are never held in both orders.

type store struct {
	coalescedMu struct {
		sync.Mutex
		responses []int
	}
	replicas map[int]*replica
}

type replica struct {
	raftMu, mu sync.Mutex
	store      *store
}

func (s *store) sendQueuedHeartbeats() {
	s.coalescedMu.Lock()
	n := len(s.coalescedMu.responses)
	s.coalescedMu.responses = nil
	s.coalescedMu.Unlock()
	for i := 0; i < n; i++ {
		s.sendToNode()
	}
}

func (s *store) sendToNode() {
	for i := 0; i < len(s.replicas); i++ {
		s.replicas[i].reportUnreachable()
	}
}

func (r *replica) reportUnreachable() {
	r.raftMu.Lock()
	defer r.raftMu.Unlock()
}

func (r *replica) tick() {
	r.raftMu.Lock()
	defer r.raftMu.Unlock()
	r.tickRaftMuLocked()
}

func (r *replica) tickRaftMuLocked() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.store.coalescedMu.Lock()
	r.store.coalescedMu.Unlock()
}

func Run() {
	s := &store{replicas: map[int]*replica{}}
	s.coalescedMu.responses = append(s.coalescedMu.responses, 1, 2)
	r1, r2 := &replica{store: s}, &replica{store: s}
	s.replicas[0], s.replicas[1] = r1, r2
	go s.sendQueuedHeartbeats()
	go r1.tick()
}
