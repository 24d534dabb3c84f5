package registry_test

import (
	"testing"
	"time"

	"registry"
)

// A fake of the external test package.
type counter struct {
	n int
}

func (c *counter) Handle(registry.Event) { c.n++ }

// The bus's summary says Publish starts a goroutine per subscriber that
// calls Handle on what the bus keeps.
func TestBusPublishExt(t *testing.T) {
	bus := registry.NewBus()
	c := &counter{}
	bus.Subscribe("c", c)
	bus.Publish(registry.Event{Kind: "stop"})
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: c.n, written by the goroutine started by bus.Publish at line \d+`
	if c.n != 1 {
		t.Fatalf("n = %d", c.n)
	}
}

// Safe twin: the subscriber is not the test's: nothing of the test is
// written.
func TestBusPublishNoFake(t *testing.T) {
	bus := registry.NewBus()
	n := 0
	bus.Publish(registry.Event{Kind: "stop"})
	time.Sleep(10 * time.Millisecond)
	if n != 0 {
		t.Fatalf("n = %d", n)
	}
}

// The hub's delivery goroutine is started by its constructor, on the
// object it returns.
func TestHubWatchExt(t *testing.T) {
	h := registry.NewHub()
	got := ""
	h.Watch(func(ev registry.Event) { got = ev.Kind })
	h.Notify(registry.Event{Kind: "delete"})
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: got, written by the goroutine started by registry.NewHub at line \d+`
	if got != "delete" {
		t.Fatalf("got %q", got)
	}
}

// Safe twin: the handler signals; the test waits.
func TestHubWatchExtChan(t *testing.T) {
	h := registry.NewHub()
	got := make(chan string, 1)
	h.Watch(func(ev registry.Event) { got <- ev.Kind })
	h.Notify(registry.Event{Kind: "delete"})
	if k := <-got; k != "delete" {
		t.Fatalf("got %q", k)
	}
}
