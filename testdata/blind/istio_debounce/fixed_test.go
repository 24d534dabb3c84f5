package istiodebounce

import (
	"sync"
	"testing"
	"time"
)

// stopper is the part of *time.Timer the debouncer needs.
type stopper interface {
	Stop() bool
}

// DebouncerFixed coalesces triggers; its timer factory is injectable so
// tests can fire timers deterministically.
type DebouncerFixed struct {
	mu        sync.Mutex
	quiet     time.Duration
	maxDelay  time.Duration
	timer     stopper
	first     time.Time
	pending   int
	push      func(events int)
	now       func() time.Time
	afterFunc func(time.Duration, func()) stopper
}

// NewDebouncerFixed returns a debouncer calling push after a quiet period.
func NewDebouncerFixed(quiet, maxDelay time.Duration, push func(events int)) *DebouncerFixed {
	return &DebouncerFixed{
		quiet: quiet, maxDelay: maxDelay, push: push, now: time.Now,
		afterFunc: func(d time.Duration, f func()) stopper { return time.AfterFunc(d, f) },
	}
}

// Trigger records an event and (re)arms the push timer.
func (d *DebouncerFixed) Trigger() {
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
	d.timer = d.afterFunc(wait, d.fire)
}

func (d *DebouncerFixed) fire() {
	d.mu.Lock()
	n := d.pending
	d.pending = 0
	d.timer = nil
	d.mu.Unlock()
	if n > 0 {
		d.push(n)
	}
}

// fakeTimer is armed by the debouncer and fired by the test.
type fakeTimer struct {
	f       func()
	stopped bool
}

func (t *fakeTimer) Stop() bool {
	was := !t.stopped
	t.stopped = true
	return was
}

type fakeTimers struct {
	armed []*fakeTimer
}

func (ft *fakeTimers) afterFunc(_ time.Duration, f func()) stopper {
	t := &fakeTimer{f: f}
	ft.armed = append(ft.armed, t)
	return t
}

func (ft *fakeTimers) live() []*fakeTimer {
	var out []*fakeTimer
	for _, t := range ft.armed {
		if !t.stopped {
			out = append(out, t)
		}
	}
	return out
}

func TestDebouncerCoalescesBurstFixed(t *testing.T) {
	timers := &fakeTimers{}
	var pushes []int
	d := NewDebouncerFixed(20*time.Millisecond, time.Second, func(n int) { pushes = append(pushes, n) })
	d.afterFunc = timers.afterFunc

	for i := 0; i < 5; i++ {
		d.Trigger()
	}

	live := timers.live()
	if len(live) != 1 {
		t.Fatalf("%d timers armed after burst, want 1", len(live))
	}
	live[0].f()

	if len(pushes) != 1 || pushes[0] != 5 {
		t.Fatalf("pushes = %v, want [5]", pushes)
	}
}
