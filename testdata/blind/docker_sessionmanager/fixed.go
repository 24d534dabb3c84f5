package dockersessionmanager

import (
	"io"
	"sync"
	"time"
)

// SessionFixed is one client's attachment to the build daemon.
type SessionFixed struct {
	mu       sync.Mutex
	id       string
	conn     io.Closer
	mgr      *ManagerFixed
	idle     *time.Timer
	closed   bool
	lastSeen time.Time
}

// Touch records activity and pushes the idle deadline back.
func (s *SessionFixed) Touch(now time.Time, idleTimeout time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.lastSeen = now
	s.idle.Reset(idleTimeout)
}

// expire closes the session under its own lock and deregisters it from the
// manager only after that lock has been released.
func (s *SessionFixed) expire() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.conn.Close()
	s.mu.Unlock()

	s.mgr.remove(s.id)
}

// ManagerFixed owns all live sessions.
type ManagerFixed struct {
	mu          sync.Mutex
	sessions    map[string]*SessionFixed
	closed      bool
	idleTimeout time.Duration
	now         func() time.Time
	log         Logger
}

// NewManagerFixed returns a manager that expires idle sessions.
func NewManagerFixed(idleTimeout time.Duration, log Logger) *ManagerFixed {
	return &ManagerFixed{sessions: make(map[string]*SessionFixed), idleTimeout: idleTimeout, now: time.Now, log: log}
}

// Open registers a new session for conn.
func (m *ManagerFixed) Open(id string, conn io.Closer) (*SessionFixed, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil, ErrManagerClosed
	}
	s := &SessionFixed{id: id, conn: conn, mgr: m, lastSeen: m.now()}
	s.idle = time.AfterFunc(m.idleTimeout, s.expire)
	m.sessions[id] = s
	return s, nil
}

// Get returns the session with the given id.
func (m *ManagerFixed) Get(id string) (*SessionFixed, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[id]
	return s, ok
}

func (m *ManagerFixed) remove(id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.sessions, id)
	m.log.Infof("session %s expired; %d remaining", id, len(m.sessions))
}

// Close terminates every session.
func (m *ManagerFixed) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	var firstErr error
	for id, s := range m.sessions {
		s.mu.Lock()
		if !s.closed {
			s.closed = true
			s.idle.Stop()
			if err := s.conn.Close(); err != nil && firstErr == nil {
				firstErr = err
			}
		}
		s.mu.Unlock()
		delete(m.sessions, id)
	}
	return firstErr
}
