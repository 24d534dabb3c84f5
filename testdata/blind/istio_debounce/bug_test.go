// Package istiodebounce models the config-push debouncer: Trigger re-arms a
// time.AfterFunc so a burst of triggers produces one push. The test fires a
// burst, sleeps and then checks the counter the push callback increments,
// assuming the timer goroutine has fired exactly once within the sleep.
package istiodebounce

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Debouncer coalesces triggers that arrive within quiet of each other and
// forces a push after maxDelay.
type Debouncer struct {
	mu       sync.Mutex
	quiet    time.Duration
	maxDelay time.Duration
	timer    *time.Timer
	first    time.Time
	pending  int
	push     func(events int)
	now      func() time.Time
}

// NewDebouncer returns a debouncer calling push after a quiet period.
func NewDebouncer(quiet, maxDelay time.Duration, push func(events int)) *Debouncer {
	return &Debouncer{quiet: quiet, maxDelay: maxDelay, push: push, now: time.Now}
}

// Trigger records an event and (re)arms the push timer.
func (d *Debouncer) Trigger() {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	if d.pending == 0 {
		d.first = now
	}
	d.pending++
	if d.timer != nil {
		d.timer.Stop()
	}
	wait := d.quiet
	if elapsed := now.Sub(d.first); elapsed+wait > d.maxDelay {
		wait = max(d.maxDelay-elapsed, 0)
	}
	d.timer = time.AfterFunc(wait, d.fire)
}

func (d *Debouncer) fire() {
	d.mu.Lock()
	n := d.pending
	d.pending = 0
	d.timer = nil
	d.mu.Unlock()
	if n > 0 {
		d.push(n)
	}
}

func TestDebouncerCoalescesBurst(t *testing.T) {
	var pushes, events atomic.Int32
	d := NewDebouncer(20*time.Millisecond, time.Second, func(n int) {
		pushes.Add(1)
		events.Add(int32(n))
	})

	for i := 0; i < 5; i++ {
		d.Trigger()
	}
	time.Sleep(100 * time.Millisecond) // WANT(sleepsync)

	if got := pushes.Load(); got != 1 {
		t.Fatalf("pushes = %d, want 1", got)
	}
	if got := events.Load(); got != 5 {
		t.Errorf("events = %d, want 5", got)
	}
}
