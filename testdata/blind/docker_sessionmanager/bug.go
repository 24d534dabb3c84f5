// Package dockersessionmanager models a build-session manager whose Close
// locks the manager and then each session, while a session's idle-expiry
// callback locks the session and then calls back into the manager to remove
// itself. A Close racing with an expiry acquires the two mutexes in opposite
// orders and deadlocks.
package dockersessionmanager

import (
	"errors"
	"io"
	"sync"
	"time"
)

// Logger is the injected logger.
type Logger interface {
	Infof(format string, args ...any)
}

// ErrManagerClosed is returned by Open after Close.
var ErrManagerClosed = errors.New("session manager closed")

// Session is one client's attachment to the build daemon.
type Session struct {
	mu       sync.Mutex
	id       string
	conn     io.Closer
	mgr      *Manager
	idle     *time.Timer
	closed   bool
	lastSeen time.Time
}

// Touch records activity and pushes the idle deadline back.
func (s *Session) Touch(now time.Time, idleTimeout time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.lastSeen = now
	s.idle.Reset(idleTimeout)
}

func (s *Session) expire() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	s.conn.Close()
	s.mgr.remove(s.id)
}

// Manager owns all live sessions.
type Manager struct {
	mu          sync.Mutex
	sessions    map[string]*Session
	closed      bool
	idleTimeout time.Duration
	now         func() time.Time
	log         Logger
}

// NewManager returns a manager that expires idle sessions.
func NewManager(idleTimeout time.Duration, log Logger) *Manager {
	return &Manager{sessions: make(map[string]*Session), idleTimeout: idleTimeout, now: time.Now, log: log}
}

// Open registers a new session for conn.
func (m *Manager) Open(id string, conn io.Closer) (*Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil, ErrManagerClosed
	}
	s := &Session{id: id, conn: conn, mgr: m, lastSeen: m.now()}
	s.idle = time.AfterFunc(m.idleTimeout, s.expire)
	m.sessions[id] = s
	return s, nil
}

// Get returns the session with the given id.
func (m *Manager) Get(id string) (*Session, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[id]
	return s, ok
}

func (m *Manager) remove(id string) {
	m.mu.Lock() // WANT(lockorder)
	defer m.mu.Unlock()
	delete(m.sessions, id)
	m.log.Infof("session %s expired; %d remaining", id, len(m.sessions))
}

// Close terminates every session.
func (m *Manager) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	var firstErr error
	for id, s := range m.sessions {
		s.mu.Lock() // WANT(lockorder)
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
