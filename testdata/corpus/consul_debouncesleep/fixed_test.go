package consul_debouncesleep

import (
	"testing"
	"time"
)

// TestDebounceFixed waits for the firing.
func TestDebounceFixed(t *testing.T) {
	d := New(10 * time.Millisecond)
	d.Trigger()
	d.Trigger()
	select {
	case <-d.Notify():
	case <-time.After(5 * time.Second):
		t.Fatal("never fired")
	}
	if n := d.Fired(); n != 1 {
		t.Fatalf("fired %d times, want 1", n)
	}
}
