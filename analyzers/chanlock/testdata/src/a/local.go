package a

import "sync"

type svc struct {
	mu   sync.Mutex
	n    int
	peer *svc
}

// Reload waits, under s.mu, for a goroutine that needs s.mu first.
func (s *svc) Reload() {
	s.mu.Lock()
	defer s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		s.mu.Lock()
		s.n++
		s.mu.Unlock()
		close(done)
	}()
	<-done // want `receive from done can block forever while holding s.mu: the sender at line 20 needs s.mu before it can send or close`
}

// ReloadFixed: the goroutine signals before it locks.
func (s *svc) ReloadFixed() {
	s.mu.Lock()
	defer s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		close(done)
		s.mu.Lock()
		s.n++
		s.mu.Unlock()
	}()
	<-done
}

// ReloadPeer: the goroutine locks another object: silent.
func (s *svc) ReloadPeer() {
	s.mu.Lock()
	defer s.mu.Unlock()
	done := make(chan struct{})
	p := s.peer
	go func() {
		p.mu.Lock()
		p.n++
		p.mu.Unlock()
		close(done)
	}()
	<-done
}

// ReloadBuffered: the buffer absorbs the send: silent.
func (s *svc) ReloadBuffered() {
	s.mu.Lock()
	defer s.mu.Unlock()
	done := make(chan int, 1)
	go func() {
		s.mu.Lock()
		s.n++
		s.mu.Unlock()
		done <- 1
	}()
	<-done
}

// Fanout waits for workers that take s.mu before Done.
func (s *svc) Fanout(items []int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.mu.Lock()
			s.n += it
			s.mu.Unlock()
		}()
	}
	wg.Wait() // want `wg.Wait\(\) can block forever while holding s.mu: the wg.Done\(\) at line 76 needs s.mu before it can run`
}

// FanoutFixed waits before locking.
func (s *svc) FanoutFixed(items []int) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.mu.Lock()
			s.n += it
			s.mu.Unlock()
		}()
	}
	wg.Wait()
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
}

// FanoutRead: RLock on both sides: silent.
type rsvc struct {
	mu sync.RWMutex
	n  int
}

func (s *rsvc) Fanout(items []int) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.mu.RLock()
			n := s.n
			s.mu.RUnlock()
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}

// Drain: the goroutine closes done in a defer, after taking s.mu on every
// path.
func (s *svc) Drain() {
	s.mu.Lock()
	defer s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.mu.Lock()
		s.n = 0
		s.mu.Unlock()
	}()
	<-done // want `receive from done can block forever while holding s.mu`
}

// DrainEarly: the goroutine can return (and close) without the lock, but
// when skip is false it takes s.mu first, and it is the channel's only
// closer: a deadlock (silent before issue 11's "may need" rule).
func (s *svc) DrainEarly(skip bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if skip {
			return
		}
		s.mu.Lock()
		s.n = 0
		s.mu.Unlock()
	}()
	<-done // want `receive from done can block forever while holding s.mu: the sender at line \d+ is the only one, and it may need s.mu first`
}

// A struct literal with a buffered channel makes the field buffered: silent.
type literal struct {
	mu  sync.Mutex
	n   int
	out chan int
}

func newLiteral() *literal { return &literal{out: make(chan int, 8)} }

func (l *literal) Put(v int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.out <- v
}

func (l *literal) run() {
	for {
		l.mu.Lock()
		l.n++
		l.mu.Unlock()
		<-l.out
	}
}
