package registry

import (
	"sync"
	"testing"
	"time"
)

// A fake subscriber that records what it gets.
type recorder struct {
	got []Event
}

func (r *recorder) Handle(ev Event) { r.got = append(r.got, ev) }

// Docker pubsub shape: register a fake, publish, sleep, assert.
func TestBusPublish(t *testing.T) {
	bus := NewBus()
	rec := &recorder{}
	bus.Subscribe("rec", rec)
	bus.Publish(Event{Kind: "start"})
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: rec.got, written by the goroutine started by bus.Publish at line \d+`
	if len(rec.got) != 1 {
		t.Fatalf("got %v", rec.got)
	}
}

// A fake that signals each event it handles.
type signaller struct {
	mu  sync.Mutex
	got []Event
	ch  chan struct{}
}

func (s *signaller) Handle(ev Event) {
	s.mu.Lock()
	s.got = append(s.got, ev)
	s.mu.Unlock()
	s.ch <- struct{}{}
}

// Safe twin: the test waits for the fake's signal.
func TestBusPublishSignal(t *testing.T) {
	bus := NewBus()
	sig := &signaller{ch: make(chan struct{}, 1)}
	bus.Subscribe("sig", sig)
	bus.Publish(Event{Kind: "start"})
	time.Sleep(time.Millisecond)
	<-sig.ch
	sig.mu.Lock()
	defer sig.mu.Unlock()
	if len(sig.got) != 1 {
		t.Fatalf("got %v", sig.got)
	}
}

// Kubernetes broadcaster shape: watchers in a slice, one delivery
// goroutine.
func TestBroadcasterAction(t *testing.T) {
	var b Broadcaster
	rec := &recorder{}
	b.AddWatcher(rec)
	b.Action(Event{Kind: "added"})
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: rec.got, written by the goroutine started by b.Action at line \d+`
	if len(rec.got) != 1 {
		t.Fatalf("got %v", rec.got)
	}
}

// Safe twin: the test polls under the fake's lock (Eventually).
func TestBroadcasterEventually(t *testing.T) {
	var b Broadcaster
	sig := &signaller{ch: make(chan struct{}, 8)}
	b.AddWatcher(sig)
	b.Action(Event{Kind: "added"})
	for i := 0; i < 100; i++ {
		sig.mu.Lock()
		n := len(sig.got)
		sig.mu.Unlock()
		if n == 1 {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("not delivered")
}

// etcd watcher shape: a handler closure registered after the delivery
// goroutine started.
func TestHubWatch(t *testing.T) {
	h := NewHub()
	var seen []string
	h.Watch(func(ev Event) { seen = append(seen, ev.Kind) })
	h.Notify(Event{Kind: "put"})
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: seen, written by the goroutine started by NewHub at line \d+`
	if len(seen) != 1 {
		t.Fatalf("seen %v", seen)
	}
}

// Safe twin: the handler hands the event over a channel.
func TestHubWatchChan(t *testing.T) {
	h := NewHub()
	seen := make(chan string, 1)
	h.Watch(func(ev Event) { seen <- ev.Kind })
	h.Notify(Event{Kind: "put"})
	time.Sleep(time.Millisecond)
	if k := <-seen; k != "put" {
		t.Fatalf("seen %q", k)
	}
}

// Istio debouncer shape: the constructor's callback runs on the timer the
// trigger arms through a method value.
func TestDebounce(t *testing.T) {
	calls := 0
	d := NewDebouncer(5*time.Millisecond, func() { calls++ })
	d.Trigger()
	d.Trigger()
	time.Sleep(20 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: calls, written by the goroutine started by d.Trigger at line \d+`
	if calls != 1 {
		t.Fatalf("calls = %d", calls)
	}
}

// Safe twin: the callback signals, the test waits for it, and counts
// under a lock.
func TestDebounceWait(t *testing.T) {
	var mu sync.Mutex
	calls := 0
	fired := make(chan struct{}, 1)
	d := NewDebouncer(5*time.Millisecond, func() {
		mu.Lock()
		calls++
		mu.Unlock()
		fired <- struct{}{}
	})
	d.Trigger()
	time.Sleep(time.Millisecond)
	<-fired
	mu.Lock()
	defer mu.Unlock()
	if calls != 1 {
		t.Fatalf("calls = %d", calls)
	}
}

// A timer made in the constructor and reset by Trigger: the callback runs
// on the timer's goroutine (the constructor's AfterFunc is the spawn).
func TestResetter(t *testing.T) {
	calls := 0
	r := NewResetter(5*time.Millisecond, func() { calls++ })
	r.Trigger()
	time.Sleep(20 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: calls, written by the goroutine started by NewResetter at line \d+`
	if calls != 1 {
		t.Fatalf("calls = %d", calls)
	}
}

// Safe twin: the callback closes a channel the test waits on.
func TestResetterDone(t *testing.T) {
	calls := 0
	done := make(chan struct{})
	r := NewResetter(5*time.Millisecond, func() { calls++; close(done) })
	r.Trigger()
	time.Sleep(time.Millisecond)
	<-done
	if calls != 1 {
		t.Fatalf("calls = %d", calls)
	}
}

// etcd watcher shape: the subscription's goroutine calls the test's
// function.
func TestFeed(t *testing.T) {
	var f Feed
	var kinds []string
	f.Subscribe(func(ev Event) { kinds = append(kinds, ev.Kind) })
	f.Send(Event{Kind: "put"})
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: kinds, written by the goroutine started by f.Subscribe at line \d+`
	if len(kinds) != 1 {
		t.Fatalf("kinds %v", kinds)
	}
}

// Safe twin: the function hands the event on; the test receives it.
func TestFeedChan(t *testing.T) {
	var f Feed
	kinds := make(chan string, 1)
	f.Subscribe(func(ev Event) { kinds <- ev.Kind })
	f.Send(Event{Kind: "put"})
	if k := <-kinds; k != "put" {
		t.Fatalf("kind %q", k)
	}
}

// A function posted to an event loop runs on the loop's goroutine.
func TestLoopPost(t *testing.T) {
	l := NewLoop()
	n := 0
	l.Post(func() { n++ })
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: n, written by the goroutine started by NewLoop at line \d+`
	if n != 1 {
		t.Fatalf("n = %d", n)
	}
}

// Safe twin: the posted function closes a channel the test waits on.
func TestLoopPostDone(t *testing.T) {
	l := NewLoop()
	n := 0
	done := make(chan struct{})
	l.Post(func() { n++; close(done) })
	time.Sleep(time.Millisecond)
	<-done
	if n != 1 {
		t.Fatalf("n = %d", n)
	}
}
