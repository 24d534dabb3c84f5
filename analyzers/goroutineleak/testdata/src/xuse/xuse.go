// Package xuse leaks goroutines through helpers of another package (lib),
// known only through their summaries; each case has a safe twin.
package xuse

import (
	"context"
	"errors"

	"lib"
)

var errEmpty = errors.New("empty")

// An API call with a timeout whose worker sends through a helper: after
// the timeout nobody receives.
func fetch(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		lib.Produce(ch) // want `goroutine can block forever in this call to lib.Produce, which sends on the channel: the receiver can return on <-ctx.Done\(\) at line \d+ without receiving`
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// The same with the helper started directly.
func fetchDirect(ctx context.Context) int {
	ch := make(chan int)
	go lib.Produce(ch) // want `goroutine can block forever in this call to lib.Produce, which sends on the channel: the receiver can return on <-ctx.Done\(\) at line \d+ without receiving`
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// Safe twin: a buffer of one keeps the helper's send from blocking.
func fetchBuffered(ctx context.Context) int {
	ch := make(chan int, 1)
	go lib.Produce(ch)
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// Safe twin: the receiver always receives, through a helper.
func fetchDrained(ctx context.Context) {
	ch := make(chan int)
	go lib.Produce(ch)
	lib.Drain(ch)
}

// A consumer ranging over a channel nobody feeds or closes (lib.Len only
// looks at it).
func watch() int {
	ch := make(chan int)
	go lib.Consume(ch) // want `goroutine can block forever in this call to lib.Consume, which ranges over the channel: no code sends on or closes the channel made at line \d+`
	return lib.Len(ch)
}

// Safe twin: the helper closes it.
func watchClosed() {
	ch := make(chan int)
	go lib.Consume(ch)
	lib.Close(ch)
}

// Safe twin: the channel is handed to code that may feed it.
func watchKept() {
	ch := make(chan int)
	go lib.Consume(ch)
	lib.Keep(ch)
}

// Safe twin: a helper feeds it from a goroutine of its own.
func watchNotified() {
	ch := make(chan int)
	go lib.Drain(ch)
	lib.Notify(ch)
}

// A producer ranging until a close that an early return skips.
func stream(items []int) error {
	ch := make(chan int)
	go func() {
		lib.Consume(ch) // want `goroutine can block forever in this call to lib.Consume, which ranges over the channel: the spawning function can return at line \d+ without closing the channel`
	}()
	if len(items) == 0 {
		return errEmpty
	}
	lib.Close(ch)
	return nil
}

// Safe twin: the close is deferred before anything can return.
func streamDeferred(items []int) error {
	ch := make(chan int)
	defer lib.Close(ch)
	go func() {
		lib.Consume(ch)
	}()
	if len(items) == 0 {
		return errEmpty
	}
	return nil
}
