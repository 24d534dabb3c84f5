package basic

import "sync"

// Double close of the same local channel on one path.
func doubleClose() {
	ch := make(chan int)
	close(ch)
	close(ch) // want `close of closed channel: ch was closed at line 8, and execution continues from there to this close`
}

// Safe twin: the channel is re-made between the closes.
func closeRemake() {
	ch := make(chan int)
	close(ch)
	ch = make(chan int)
	close(ch)
}

// Double close reached on every path through a branch.
func doubleCloseBranch(x bool) {
	ch := make(chan int)
	close(ch)
	if x {
		println("x")
	}
	close(ch) // want `close of closed channel`
}

// Safe twin: the second close is on some paths only.
func closeSomePaths(x bool) {
	ch := make(chan int)
	if x {
		close(ch)
		return
	}
	close(ch)
}

// Correlated branches: the same condition decides both closes.
func correlated(x bool, ch chan int) {
	if x {
		close(ch)
	}
	if !x {
		close(ch)
	}
}

// Send after close on one path.
func sendAfterClose(ch chan int) {
	close(ch)
	ch <- 1 // want `send on closed channel: ch was closed at line 52, and execution continues from there to this send`
}

// Safe twin: send before close.
func sendBeforeClose(ch chan int) {
	ch <- 1
	close(ch)
}

// Field channel closed twice on the same receiver.
type T struct {
	done chan struct{}
	mu   sync.Mutex
	shut bool
}

func (t *T) closeTwice() {
	close(t.done)
	t.mu.Lock()
	t.mu.Unlock()
	close(t.done) // want `close of closed channel: t.done was closed at line \d+`
}

// Safe twin: the field is reassigned between the closes.
func (t *T) closeReassign() {
	close(t.done)
	t.done = make(chan struct{})
	close(t.done)
}

// Safe twin: a call in between may reassign the field.
func (t *T) closeCall() {
	close(t.done)
	t.reset()
	close(t.done)
}

func (t *T) reset() { t.done = make(chan struct{}) }

// Safe twin: a flag guards the close.
func (t *T) closeGuarded() {
	for i := 0; i < 2; i++ {
		if !t.shut {
			t.shut = true
			close(t.done)
		}
	}
}

// Two different receivers are two channels.
func closeBoth(a, b *T) {
	close(a.done)
	close(b.done)
}

// Deferred close plus an explicit close.
func deferAndClose(ch chan int, fail bool) error {
	defer close(ch)
	if fail {
		close(ch) // want `close of closed channel: the deferred close at line 110 closes ch again when the function returns`
		return nil
	}
	ch <- 1
	return nil
}

// Safe twin: only the deferred close.
func deferOnly(ch chan int, fail bool) error {
	defer close(ch)
	if fail {
		return nil
	}
	ch <- 1
	return nil
}

// Deferred closure that closes the channel.
func deferClosure(fail bool) {
	done := make(chan struct{})
	go func() { <-done }()
	defer func() { close(done) }()
	if fail {
		close(done) // want `close of closed channel: the deferred close`
		return
	}
}

// Close inside a loop, same channel every iteration.
func closeInLoop(chs []int, done chan struct{}) {
	for range chs {
		close(done) // want `close of closed channel: done is closed on every iteration of the loop`
	}
}

// Safe twin: each iteration closes its own channel.
func closeEachInLoop(chs []chan int) {
	for _, ch := range chs {
		close(ch)
	}
}

// Safe twin: the channel is re-made per iteration.
func remakeInLoop(n int) {
	for i := 0; i < n; i++ {
		ch := make(chan int)
		go func() { ch <- 1 }()
		<-ch
		close(ch)
	}
}

// Safe twin: close then break.
func closeBreak(in <-chan int, done chan struct{}) {
	for v := range in {
		if v < 0 {
			close(done)
			break
		}
	}
}

// Safe twin: a local flag guards the close in a loop.
func closeOnceFlag(in <-chan int, done chan struct{}) {
	closed := false
	for v := range in {
		if v < 0 && !closed {
			close(done)
			closed = true
		}
	}
}

// Safe twin: nil after close.
func closeNil(in <-chan int, done chan struct{}) {
	for range in {
		if done != nil {
			close(done)
			done = nil
		}
	}
}

// Nil channels.
func nilRecv() int {
	var ch chan int
	return <-ch // want `receive from nil channel blocks forever: ch is nil on every path to here`
}

func nilSend() {
	var ch chan int
	ch <- 1 // want `send on nil channel blocks forever`
}

func nilRange() {
	var ch chan int
	for range ch { // want `range over nil channel blocks forever`
	}
}

func nilClose() {
	var ch chan int
	close(ch) // want `close of nil channel panics`
}

// Safe twin: the nil channel disables a select case.
func nilSelect(in chan int, stop bool) int {
	var timeout chan int
	select {
	case v := <-in:
		return v
	case <-timeout:
		return 0
	}
}

// Safe twin: assigned on some path.
func maybeNil(x bool) int {
	var ch chan int
	if x {
		ch = make(chan int, 1)
		ch <- 1
	}
	return <-ch
}

// Safe twin (net/dial_test shape): a close on one tick of a select loop,
// decided by a counter that changes every iteration.
func cancelOnTick(tick <-chan int, errc <-chan error, cancel chan struct{}) error {
	ticks := 0
	for {
		select {
		case <-tick:
			ticks++
			if ticks == 5 {
				close(cancel)
			}
		case err := <-errc:
			return err
		}
	}
}
