// Package xb uses the guarded fields of package xa, known through facts.
package xb

import "xa"

func Total(s *xa.Stats) int {
	return s.Requests // want `s.Requests is read without s.Mu: its declaration says it is guarded by Mu`
}

func TotalSafe(s *xa.Stats) int {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	return s.Requests
}

func Paths(s *xa.Stats) []string {
	var out []string
	for p := range s.ByPath { // want `s.ByPath is read without s.Mu: accessed with s.Mu held in 4 of 4 places in package xa`
		out = append(out, p)
	}
	return out
}

func PathsSafe(s *xa.Stats) []string {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	var out []string
	for p := range s.ByPath {
		out = append(out, p)
	}
	return out
}

func Name(s *xa.Stats) string { return s.Name }

func Drain(p *xa.Pool) []int {
	idle := p.Idle // want `p.Idle is read without p.Mutex: annotated \+checklocks:Mutex`
	p.Idle = nil   // want `p.Idle is written without p.Mutex: annotated \+checklocks:Mutex`
	return idle
}

func DrainSafe(p *xa.Pool) []int {
	p.Lock()
	defer p.Unlock()
	idle := p.Idle
	p.Idle = nil
	return idle
}

// A fresh object is owned by its creator.
func NewPool() *xa.Pool {
	p := &xa.Pool{}
	p.Idle = make([]int, 0, 8)
	return p
}
