// Package kubernetes70277 is the fixed twin of GoKer kernel kubernetes70277, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package kubernetes70277

import "time"

// Fixed: the test no longer waits on the done channel it closes itself
// afterwards; closing it stops the poller.

func poller(interval time.Duration) func(done <-chan struct{}) <-chan struct{} {
	return func(done <-chan struct{}) <-chan struct{} {
		ch := make(chan struct{})
		go func() {
			defer close(ch)
			tick := time.NewTicker(interval)
			defer tick.Stop()
			for {
				select {
				case <-tick.C:
					select {
					case ch <- struct{}{}:
					default:
					}
				case <-done:
					return
				}
			}
		}()
		return ch
	}
}

func waitFor(wait func(<-chan struct{}) <-chan struct{}, fn func() bool, done <-chan struct{}) {
	c := wait(done)
	for {
		_, open := <-c
		if fn() || !open {
			return
		}
	}
}

func Run() {
	stop := make(chan struct{})
	defer close(stop)
	waitFor(poller(time.Millisecond), func() bool { return true }, stop)
}
