// Package xa declares types whose fields are guarded; package xb uses them.
package xa

import "sync"

// Stats is shared by the handlers of a server: Mu guards the counters.
type Stats struct {
	Mu       sync.Mutex
	Requests int            // guarded by Mu // want Requests:`guardedby:Mu explicit`
	ByPath   map[string]int // want ByPath:`guardedby:Mu inferred 4/4`
	Name     string
}

func (s *Stats) Observe(path string) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.Requests++
	s.ByPath[path]++
}

func (s *Stats) Forget(path string) {
	s.Mu.Lock()
	delete(s.ByPath, path)
	s.Mu.Unlock()
}

func (s *Stats) Count(path string) int {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	return s.ByPath[path]
}

func (s *Stats) Reset() {
	s.Mu.Lock()
	s.ByPath = map[string]int{}
	s.Mu.Unlock()
}

// Pool has an embedded mutex and an exported lock helper.
type Pool struct {
	sync.Mutex
	Idle []int // +checklocks:Mutex // want Idle:`guardedby:Mutex explicit`
}

func (p *Pool) Put(c int) {
	p.Lock()
	p.Idle = append(p.Idle, c)
	p.Unlock()
}
