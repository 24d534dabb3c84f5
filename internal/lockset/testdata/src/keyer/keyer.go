package keyer

import "sync"

type S struct {
	mu sync.Mutex
	n  int
}

type E struct {
	sync.Mutex
	n int
}

type P struct {
	mu *sync.Mutex
	n  int
}

var cfg struct {
	mu sync.Mutex
	n  int
}

func recv(s *S) {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
}

func embedded(e *E) {
	e.Lock()
	e.n = 1
	e.Unlock()
}

func closure(s *S) {
	func() {
		s.mu.Lock()
		s.n = 2
		s.mu.Unlock()
	}()
}

func global() {
	cfg.mu.Lock()
	cfg.n = 3
	cfg.mu.Unlock()
}

func pointer(p *P) {
	p.mu.Lock()
	p.n = 4
	p.mu.Unlock()
}
