// Package gossipmembers models a gossip membership table whose mutex is
// documented as protecting the fields declared after it. The exported Members
// method hands out the live member map without taking the lock, so callers
// iterate it while the gossip handlers insert and delete entries.
package gossipmembers

import (
	"net"
	"sync"
	"time"
)

type MemberStatus int

const (
	StatusAlive MemberStatus = iota
	StatusSuspect
	StatusDead
	StatusLeft
)

type Member struct {
	Name        string
	Addr        net.IP
	Port        uint16
	Tags        map[string]string
	Status      MemberStatus
	Incarnation uint32
	StateChange time.Time
}

type EventDelegate interface {
	NotifyJoin(m Member)
	NotifyLeave(m Member)
	NotifyUpdate(m Member)
}

type Logger interface {
	Printf(format string, args ...any)
}

type MemberTable struct {
	localName string
	delegate  EventDelegate
	logger    Logger
	clock     func() time.Time

	// mu protects the fields below.
	mu          sync.Mutex
	members     map[string]*Member
	incarnation uint32
	numAlive    int
}

func NewMemberTable(local string, d EventDelegate, l Logger) *MemberTable {
	return &MemberTable{
		localName: local,
		delegate:  d,
		logger:    l,
		clock:     time.Now,
		members:   make(map[string]*Member),
	}
}

func (t *MemberTable) HandleAlive(name string, addr net.IP, port uint16, inc uint32, tags map[string]string) {
	t.mu.Lock()
	m, ok := t.members[name]
	if ok && inc <= m.Incarnation {
		t.mu.Unlock()
		return
	}
	if !ok {
		m = &Member{Name: name}
		t.members[name] = m
	}
	wasAlive := ok && m.Status == StatusAlive
	m.Addr, m.Port, m.Tags = addr, port, tags
	m.Incarnation = inc
	m.Status = StatusAlive
	m.StateChange = t.clock()
	if !wasAlive {
		t.numAlive++
	}
	snapshot := *m
	t.mu.Unlock()

	if ok {
		t.delegate.NotifyUpdate(snapshot)
	} else {
		t.delegate.NotifyJoin(snapshot)
	}
}

func (t *MemberTable) HandleDead(name string, inc uint32) {
	t.mu.Lock()
	m, ok := t.members[name]
	if !ok || inc < m.Incarnation {
		t.mu.Unlock()
		return
	}
	if m.Status == StatusAlive {
		t.numAlive--
	}
	m.Status = StatusDead
	m.StateChange = t.clock()
	snapshot := *m
	t.mu.Unlock()

	t.delegate.NotifyLeave(snapshot)
}

func (t *MemberTable) Reap(deadAfter time.Duration) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	cutoff := t.clock().Add(-deadAfter)
	n := 0
	for name, m := range t.members {
		if (m.Status == StatusDead || m.Status == StatusLeft) && m.StateChange.Before(cutoff) {
			delete(t.members, name)
			n++
		}
	}
	if n > 0 {
		t.logger.Printf("[DEBUG] memberlist: reaped %d dead members", n)
	}
	return n
}

func (t *MemberTable) Refute() uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.incarnation++
	return t.incarnation
}

func (t *MemberTable) NumAlive() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.numAlive
}

// Members returns the current membership keyed by node name.
func (t *MemberTable) Members() map[string]*Member {
	return t.members // WANT(guardedby)
}
