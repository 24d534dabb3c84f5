package syncupdate

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// nats registerPAF/clearPAF shape: both calls update the publisher under
// its mutex; the test learns the outcome through a channel.
type publisher struct {
	mu      sync.Mutex
	acks    map[string]int
	stallCh chan struct{}
	maxpa   int
}

func (p *publisher) register(id string) error {
	for {
		p.mu.Lock()
		if p.acks == nil {
			p.acks = make(map[string]int)
		}
		if len(p.acks) >= p.maxpa {
			if p.stallCh == nil {
				p.stallCh = make(chan struct{})
			}
			st := p.stallCh
			p.mu.Unlock()
			<-st
			continue
		}
		p.acks[id] = 1
		p.mu.Unlock()
		return nil
	}
}

func (p *publisher) maybeUnstall() {
	if p.stallCh != nil && len(p.acks) < p.maxpa {
		close(p.stallCh)
		p.stallCh = nil
	}
}

func (p *publisher) clear(id string) {
	p.mu.Lock()
	delete(p.acks, id)
	p.maybeUnstall()
	p.mu.Unlock()
}

func TestUnstallOnClear(t *testing.T) {
	p := &publisher{maxpa: 1}
	if err := p.register("a"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- p.register("b")
	}()
	time.Sleep(20 * time.Millisecond)
	p.clear("a")
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(200 * time.Millisecond):
		t.Fatal("register did not wake")
	}
}

// yamux Session.Ping shape: the id is read and incremented under pingLock;
// the results do not derive from it.
type session struct {
	pingLock sync.Mutex
	pingID   uint32
	pings    map[uint32]chan struct{}
	sendCh   chan uint32
}

func (s *session) Ping() (time.Duration, error) {
	ch := make(chan struct{})
	s.pingLock.Lock()
	id := s.pingID
	s.pingID++
	s.pings[id] = ch
	s.pingLock.Unlock()
	start := time.Now()
	s.sendCh <- id
	select {
	case <-ch:
	case <-time.After(time.Second):
		s.pingLock.Lock()
		delete(s.pings, id)
		s.pingLock.Unlock()
		return 0, errTimeout
	}
	return time.Since(start), nil
}

type timeoutError struct{}

func (timeoutError) Error() string { return "timeout" }

var errTimeout error = timeoutError{}

func TestPingAfterTimeout(t *testing.T) {
	s := &session{pings: map[uint32]chan struct{}{}, sendCh: make(chan uint32, 2)}
	go func() { _, _ = s.Ping() }()
	time.Sleep(20 * time.Millisecond)
	if _, err := s.Ping(); err != nil {
		t.Fatal(err)
	}
}

// go-redis ConnStateMachine.Transition shape: an atomic Store plus a notify
// under the waiters' mutex.
type stateMachine struct {
	state   atomic.Uint32
	mu      sync.Mutex
	waiters []chan struct{}
}

func (sm *stateMachine) Transition(st uint32) {
	sm.state.Store(st)
	sm.notify()
}

func (sm *stateMachine) notify() {
	sm.mu.Lock()
	defer sm.mu.Unlock()
	for _, w := range sm.waiters {
		close(w)
	}
	sm.waiters = nil
}

func (sm *stateMachine) await() {
	sm.mu.Lock()
	ch := make(chan struct{})
	sm.waiters = append(sm.waiters, ch)
	sm.mu.Unlock()
	<-ch
}

func TestWaitersWake(t *testing.T) {
	sm := &stateMachine{}
	var wg sync.WaitGroup
	var orderMu sync.Mutex
	var order []int
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sm.await()
			orderMu.Lock()
			order = append(order, i)
			orderMu.Unlock()
			sm.Transition(1)
		}()
	}
	time.Sleep(100 * time.Millisecond)
	sm.Transition(1)
	wg.Wait()
	if len(order) != 3 {
		t.Errorf("got %d", len(order))
	}
}

// A locked read-modify-write that returns what it read is an observation.
type watchStream struct {
	mu     sync.Mutex
	events []string
}

func (w *watchStream) deliver(ev string) {
	w.mu.Lock()
	w.events = append(w.events, ev)
	w.mu.Unlock()
}

func (w *watchStream) drain() []string {
	w.mu.Lock()
	ev := w.events
	w.events = nil
	w.mu.Unlock()
	return ev
}

func TestDrain(t *testing.T) {
	w := &watchStream{}
	go func() { w.deliver("PUT foo") }()
	time.Sleep(100 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: w.events`
	if got := w.drain(); len(got) != 1 {
		t.Fatalf("got %v", got)
	}
}

// An unlocked update is not a self-synchronizing object: reported.
type box struct{ v int }

func (b *box) set(v int) { b.v = v }
func (b *box) bump() int { b.v++; return 0 }

func TestUnlockedUpdate(t *testing.T) {
	b := &box{}
	go b.set(1)
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: .*v, written by the goroutine started at line \d+, is read at line 212`
	_ = b.bump()
}
