package entry

import "sync"

var gmu sync.Mutex

type Server struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	peers map[string]*Peer
	n     int
}

type Peer struct {
	mu   sync.Mutex
	addr string
}

// Both callers hold s.mu: the helper runs with it held.
func (s *Server) Add(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addLocked(id)
}

func (s *Server) Remove(id string) {
	s.mu.Lock()
	s.addLocked(id)
	s.mu.Unlock()
}

func (s *Server) addLocked(id string) { // want `entry: s.mu write`
	s.n++
}

// One caller does not hold the lock: nothing is held on entry.
func (s *Server) Touch() {
	s.touch()
	s.mu.Lock()
	s.touch()
	s.mu.Unlock()
}

func (s *Server) touch() { s.n++ }

// Read and write holders: mixed.
func (s *Server) Read() int {
	s.rw.RLock()
	defer s.rw.RUnlock()
	return s.count()
}

func (s *Server) Write() int {
	s.rw.Lock()
	defer s.rw.Unlock()
	return s.count()
}

func (s *Server) count() int { return s.n } // want `entry: s.rw mixed`

// Exported: callers in other packages are not known.
func (s *Server) Count() int { return s.n }

func (s *Server) CallCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Count()
}

// Used as a value: not every caller is known.
func (s *Server) valued() { s.n++ }

func (s *Server) UseValue() func() {
	s.mu.Lock()
	s.valued()
	s.mu.Unlock()
	return s.valued
}

// A method whose name an interface of the package declares.
type bumper interface{ bump() }

func (s *Server) bump() { s.n++ }

func (s *Server) CallBump() {
	s.mu.Lock()
	s.bump()
	s.mu.Unlock()
}

// A chain of helpers: the caller's lock passes down; a lock on another
// object passed as an argument is renamed to the callee's parameter.
func (s *Server) Connect(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.peers[id]
	p.mu.Lock()
	s.dialLocked(p)
	p.mu.Unlock()
}

func (s *Server) dialLocked(p *Peer) { // want `entry: p.mu write, s.mu write`
	s.resetLocked(p)
}

func (s *Server) resetLocked(q *Peer) { // want `entry: q.mu write, s.mu write`
	q.addr = ""
}

// A helper that releases its caller's lock does not pass it down.
func (s *Server) Flush() {
	s.mu.Lock()
	s.flushLocked()
}

func (s *Server) flushLocked() { // want `entry: s.mu write`
	s.mu.Unlock()
	s.write()
}

func (s *Server) write() { s.n++ }

// Globals.
func Global() {
	gmu.Lock()
	bumpGlobal()
	gmu.Unlock()
}

func bumpGlobal() {} // want `entry: gmu write`

// A closure called in place sees the captured lock; a goroutine body and
// a deferred function hold nothing on entry.
func (s *Server) Closures() {
	s.mu.Lock()
	func() { // want `entry: s.mu write`
		s.n++
	}()
	go func() {
		s.n++
	}()
	defer func() {
		s.n++
	}()
	s.mu.Unlock()
}

func (s *Server) spawned() { s.n++ }

func (s *Server) Spawn() {
	s.mu.Lock()
	s.spawned()
	go s.spawned()
	s.mu.Unlock()
}

// Recursion: every caller, including the recursive call, holds s.mu.
func (s *Server) Walk(n int) {
	s.mu.Lock()
	s.walk(n)
	s.mu.Unlock()
}

func (s *Server) walk(n int) { // want `entry: s.mu write`
	if n > 0 {
		s.walk(n - 1)
	}
}

// A recursive helper whose recursive call is made without the lock.
func (s *Server) Walk2(n int) {
	s.mu.Lock()
	s.walk2(n)
	s.mu.Unlock()
}

func (s *Server) walk2(n int) {
	if n > 0 {
		s.mu.Unlock()
		s.walk2(n - 1)
		s.mu.Lock()
	}
}

// Generic helper.
type Box[T any] struct {
	mu sync.Mutex
	v  T
}

func (b *Box[T]) Set(v T) {
	b.mu.Lock()
	b.set(v)
	b.mu.Unlock()
}

func (b *Box[T]) set(v T) { b.v = v } // want `entry: b.mu write`

func UseBox() {
	var b Box[int]
	b.Set(1)
}

// A lock on a local object of the caller, passed in.
func NewPeer() *Peer {
	p := &Peer{}
	p.mu.Lock()
	initPeer(p)
	p.mu.Unlock()
	return p
}

func initPeer(p *Peer) { p.addr = "x" } // want `entry: p.mu write`
