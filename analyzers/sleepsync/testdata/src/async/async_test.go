package async

import (
	"errors"
	"sync"
	"testing"
	"time"
)

// The goroutine is started inside StartAsync.
func TestStartAsync(t *testing.T) {
	s := NewServer()
	s.StartAsync()
	time.Sleep(50 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: s.status, written by the goroutine started by s.StartAsync at line \d+, is read at line \d+ without waiting for it \(only the sleep lets it finish\)`
	if s.status != "running" {
		t.Fatalf("status = %q", s.status)
	}
}

// Safe twin: the test waits on the server's ready channel.
func TestStartAsyncReady(t *testing.T) {
	s := NewServer()
	s.StartAsync()
	<-s.Ready()
	if s.status != "running" {
		t.Fatalf("status = %q", s.status)
	}
}

// The debouncer's timer callback writes fired; the test reads it through a
// locked getter after sleeping.
func TestDebounce(t *testing.T) {
	d := NewDebouncer(10 * time.Millisecond)
	d.Trigger()
	d.Trigger()
	time.Sleep(30 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: d.fired, written by the goroutine started by d.Trigger at line \d+, is read at line \d+ without waiting for it \(only the sleep lets it finish\)`
	if n := d.Fired(); n != 1 {
		t.Fatalf("fired %d times", n)
	}
}

// Safe twin: the test waits for the firing.
func TestDebounceDone(t *testing.T) {
	d := NewDebouncer(10 * time.Millisecond)
	d.Trigger()
	<-d.Done()
	if n := d.Fired(); n != 1 {
		t.Fatalf("fired %d times", n)
	}
}

// Safe twin: an absence check: nothing has fired yet right after the
// trigger (a slow timer only makes it pass).
func TestDebounceNotYet(t *testing.T) {
	d := NewDebouncer(time.Hour)
	d.Trigger()
	time.Sleep(time.Millisecond)
	if n := d.Fired(); n != 0 {
		t.Fatalf("fired early")
	}
}

// A fake store defined by the test, written by the publisher's goroutine.
type fakeStore struct {
	saved []string
}

func (f *fakeStore) Save(msg string) error {
	f.saved = append(f.saved, msg)
	return nil
}

func TestPublish(t *testing.T) {
	fake := &fakeStore{}
	p := NewPublisher(fake, nil)
	p.Publish("hello")
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: fake.saved, written by the goroutine started by p.Publish at line \d+, is read at line \d+ without waiting for it \(only the sleep lets it finish\)`
	if len(fake.saved) != 1 {
		t.Fatalf("saved %v", fake.saved)
	}
}

// Safe twin: the synchronous variant.
func TestPublishSync(t *testing.T) {
	fake := &fakeStore{}
	p := NewPublisher(fake, nil)
	time.Sleep(time.Millisecond)
	if err := p.PublishSync("hello"); err != nil {
		t.Fatal(err)
	}
	if len(fake.saved) != 1 {
		t.Fatalf("saved %v", fake.saved)
	}
}

// A fake that signals each save.
type chanStore struct {
	mu    sync.Mutex
	saved []string
	ch    chan struct{}
}

func (f *chanStore) Save(msg string) error {
	f.mu.Lock()
	f.saved = append(f.saved, msg)
	f.mu.Unlock()
	f.ch <- struct{}{}
	return nil
}

// Safe twin: the test receives the fake's signal.
func TestPublishSignal(t *testing.T) {
	fake := &chanStore{ch: make(chan struct{}, 1)}
	p := NewPublisher(fake, nil)
	p.Publish("hello")
	time.Sleep(time.Millisecond)
	<-fake.ch
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.saved) != 1 {
		t.Fatalf("saved %v", fake.saved)
	}
}

type failStore struct{}

func (failStore) Save(string) error { return errors.New("disk full") }

// The error callback, a closure of the test, is called by the publisher's
// goroutine.
func TestPublishError(t *testing.T) {
	var got error
	p := NewPublisher(failStore{}, func(err error) { got = err })
	p.Publish("hello")
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: got, written by the goroutine started by p.Publish at line \d+, is read at line \d+ without waiting for it \(only the sleep lets it finish\)`
	if got == nil {
		t.Fatal("no error reported")
	}
}

// A handler closure called by the watcher's goroutine.
func TestWatcher(t *testing.T) {
	var events []string
	w := NewWatcher(func(ev string) { events = append(events, ev) })
	w.Emit("created")
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: events`
	if len(events) != 1 {
		t.Fatalf("events %v", events)
	}
}

// Safe twin: the handler hands the event over a channel.
func TestWatcherChan(t *testing.T) {
	events := make(chan string, 1)
	w := NewWatcher(func(ev string) { events <- ev })
	w.Emit("created")
	time.Sleep(time.Millisecond)
	if ev := <-events; ev != "created" {
		t.Fatalf("event %q", ev)
	}
}

// A time.AfterFunc in the test itself.
func TestAfterFunc(t *testing.T) {
	called := false
	time.AfterFunc(time.Millisecond, func() { called = true })
	time.Sleep(20 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: called`
	if !called {
		t.Fatal("not called")
	}
}

// A non-blocking notify on a channel with a buffer of one does not wait
// for the goroutine, and the goroutine's timer channel is the runtime's:
// the sleep is what the test relies on.
func TestFollowerTimeout(t *testing.T) {
	f := NewFollower()
	go f.run()
	f.Reload()
	time.Sleep(50 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: f.state, written by the goroutine started at line \d+`
	if s := f.State(); s != "candidate" {
		t.Fatalf("state = %q", s)
	}
}

// Safe twin: the test polls the state.
func TestFollowerTimeoutPoll(t *testing.T) {
	f := NewFollower()
	go f.run()
	f.Reload()
	deadline := time.Now().Add(5 * time.Second)
	for f.State() != "candidate" && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if s := f.State(); s != "candidate" {
		t.Fatalf("state = %q", s)
	}
}
