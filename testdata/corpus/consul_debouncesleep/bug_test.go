package consul_debouncesleep

import (
	"testing"
	"time"
)

func TestDebounce(t *testing.T) {
	d := New(10 * time.Millisecond)
	d.Trigger()
	d.Trigger()
	time.Sleep(20 * time.Millisecond) // WANT(sleepsync)
	if n := d.Fired(); n != 1 {
		t.Fatalf("fired %d times, want 1", n)
	}
}
