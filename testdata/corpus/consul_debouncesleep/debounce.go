// Package consul_debouncesleep models a flaky test of a debouncer (the
// shape of Consul's and many others' coalescing timers): Trigger arms a
// time.AfterFunc callback that counts the firings under a lock; the test
// triggers, sleeps a little longer than the delay and asserts one firing
// through a locked getter. On a slow machine the timer has not fired yet.
package consul_debouncesleep

import (
	"sync"
	"time"
)

// A Debouncer runs its action once the triggers stop for delay.
type Debouncer struct {
	mu     sync.Mutex
	delay  time.Duration
	timer  *time.Timer
	fired  int
	notify chan struct{}
}

func New(delay time.Duration) *Debouncer {
	return &Debouncer{delay: delay, notify: make(chan struct{}, 1)}
}

// Trigger (re)arms the timer.
func (d *Debouncer) Trigger() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil {
		d.timer.Stop()
	}
	d.timer = time.AfterFunc(d.delay, d.fire)
}

func (d *Debouncer) fire() {
	d.mu.Lock()
	d.fired++
	d.mu.Unlock()
	select {
	case d.notify <- struct{}{}:
	default:
	}
}

// Fired returns how often the action ran.
func (d *Debouncer) Fired() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.fired
}

// Notify receives a value after a firing.
func (d *Debouncer) Notify() <-chan struct{} { return d.notify }
