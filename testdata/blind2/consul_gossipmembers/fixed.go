package gossipmembers

import (
	"maps"
	"net"
	"sync"
	"time"
)

type MemberTableFixed struct {
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

func NewMemberTableFixed(local string, d EventDelegate, l Logger) *MemberTableFixed {
	return &MemberTableFixed{
		localName: local,
		delegate:  d,
		logger:    l,
		clock:     time.Now,
		members:   make(map[string]*Member),
	}
}

func (t *MemberTableFixed) HandleAlive(name string, addr net.IP, port uint16, inc uint32, tags map[string]string) {
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

func (t *MemberTableFixed) HandleDead(name string, inc uint32) {
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

func (t *MemberTableFixed) Reap(deadAfter time.Duration) int {
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

func (t *MemberTableFixed) Refute() uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.incarnation++
	return t.incarnation
}

func (t *MemberTableFixed) NumAlive() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.numAlive
}

// Members returns a snapshot of the current membership keyed by node name.
func (t *MemberTableFixed) Members() map[string]Member {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]Member, len(t.members))
	for name, m := range t.members {
		cp := *m
		cp.Tags = maps.Clone(m.Tags)
		out[name] = cp
	}
	return out
}
