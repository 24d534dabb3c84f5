// Package sends holds goroutines that send on a channel whose receiver can
// go away, shaped like real bugs, each with a safe twin.
package sends

import (
	"context"
	"errors"
	"testing"
	"time"
)

type result struct {
	val string
	err error
}

func slowCall() result { return result{} }

// An API call with a timeout that leaks its worker (etcd, Kubernetes
// client-go): after the timeout nobody receives.
func callWithTimeout(ctx context.Context) (string, error) {
	ch := make(chan result)
	go func() { // go stmt
		ch <- slowCall() // want `goroutine can block forever on this send: the receiver can return on <-ctx.Done\(\) at line \d+ without receiving`
	}()
	select {
	case r := <-ch:
		return r.val, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Safe twin: a buffer of one lets the worker finish after the timeout.
func callWithTimeoutBuffered(ctx context.Context) (string, error) {
	ch := make(chan result, 1)
	go func() {
		ch <- slowCall()
	}()
	select {
	case r := <-ch:
		return r.val, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// The same with time.After (Docker's container wait).
func waitWithDeadline(d time.Duration) error {
	done := make(chan error)
	go func() {
		done <- slowCall().err // want `the receiver can return on <-time.After\(d\) at line \d+ without receiving`
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		return errors.New("timeout")
	}
}

// Safe twin: the worker itself gives up when the caller has gone.
func waitWithDeadlineSelect(ctx context.Context, d time.Duration) error {
	done := make(chan error)
	go func() {
		select {
		case done <- slowCall().err:
		case <-ctx.Done():
		}
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		return errors.New("timeout")
	}
}

// A watcher whose stop path abandons the result channel (gRPC-style
// resolver): the receiver returns on stop before reading the result.
type watcher struct{ stop chan struct{} }

func (w *watcher) watchOnce(key string) (string, bool) {
	res := make(chan string)
	go fetchInto(res, key)
	select {
	case v := <-res:
		return v, true
	case <-w.stop:
		return "", false
	}
}

func fetchInto(out chan string, key string) {
	out <- key // want `goroutine can block forever on this send: the receiver can return on <-w.stop`
}

// Safe twin: the stop path drains the result.
func (w *watcher) watchOnceDrain(key string) (string, bool) {
	res := make(chan string)
	go fetchInto2(res, key)
	select {
	case v := <-res:
		return v, true
	case <-w.stop:
		<-res
		return "", false
	}
}

func fetchInto2(out chan string, key string) { out <- key }

// An early return on an error skips the receive (Kubernetes kubelet).
func startAndCheck(validate func() error) error {
	errc := make(chan error)
	go func() {
		errc <- slowCall().err // want `goroutine can block forever on this send: the receiver can return at line \d+ without receiving`
	}()
	if err := validate(); err != nil {
		return err
	}
	return <-errc
}

// Safe twin: the receiver drains in a defer.
func startAndCheckDefer(validate func() error) (err error) {
	errc := make(chan error)
	go func() {
		errc <- slowCall().err
	}()
	defer func() {
		if e := <-errc; err == nil {
			err = e
		}
	}()
	if err := validate(); err != nil {
		return err
	}
	return nil
}

// Safe: the receive count matches the goroutine count; the zero-trip loop
// is not an early return.
func fanIn(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() { ch <- i }()
	}
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-ch
	}
	return sum
}

// Safe: a select with a default in the goroutine.
func tryNotify() {
	ch := make(chan int)
	go func() {
		select {
		case ch <- 1:
		default:
		}
	}()
	if slowCall().err != nil {
		return
	}
	<-ch
}

// Safe: the channel is stored in a field; a run loop may receive it.
type server struct{ results chan result }

func (s *server) submit(ctx context.Context) {
	s.results = make(chan result)
	go func() { s.results <- slowCall() }()
	select {
	case <-s.results:
	case <-ctx.Done():
	}
}

// Safe: the channel is passed to code outside the package.
func handOff(ctx context.Context, sink func(chan int)) {
	ch := make(chan int)
	go func() { ch <- 1 }()
	sink(ch)
	select {
	case <-ch:
	case <-ctx.Done():
	}
}

// Buffered but too small: two sends, room for one.
func twoResults(ctx context.Context) {
	ch := make(chan int, 1)
	go func() {
		ch <- 1
		ch <- 2 // want `goroutine can block forever on this send`
	}()
	select {
	case <-ch:
	case <-ctx.Done():
		return
	}
	<-ch
}

// Safe twin: room for both.
func twoResultsRoom(ctx context.Context) {
	ch := make(chan int, 2)
	go func() {
		ch <- 1
		ch <- 2
	}()
	select {
	case <-ch:
	case <-ctx.Done():
		return
	}
	<-ch
}

// Safe: a panic path is not an early return.
func mustGet() string {
	ch := make(chan string)
	go func() { ch <- slowCall().val }()
	if slowCall().err != nil {
		panic("bad")
	}
	return <-ch
}

// Safe: buffered with one slot and one send on each path (crypto/tls test
// helper shape).
func acceptOne(ctx context.Context, accept func() (int, error)) (int, error) {
	ch := make(chan any, 1)
	go func() {
		n, err := accept()
		if err != nil {
			ch <- err
			return
		}
		ch <- n
	}()
	select {
	case v := <-ch:
		if err, ok := v.(error); ok {
			return 0, err
		}
		return v.(int), nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Safe: the other select case can never proceed (nobody receives on c2),
// so the receiver always takes the first one.
func onlyOneWay() {
	c := make(chan bool)
	c2 := make(chan bool)
	go func() {
		<-c
	}()
	select {
	case c <- true:
	case c2 <- true:
	}
}

type response struct{}

// A client call with separate result and error channels (Kubernetes
// client shape): the cancellation case abandons the worker.
func do(ctx context.Context, send func() (*response, error)) (*response, error) {
	respc := make(chan *response)
	errc := make(chan error)
	go func() {
		resp, err := send()
		if err != nil {
			errc <- err // want `the receiver can return on <-ctx.Done\(\)`
			return
		}
		respc <- resp // want `goroutine can block forever on this send: the receiver can return on <-ctx.Done\(\) at line \d+ without receiving`
	}()
	select {
	case resp := <-respc:
		return resp, nil
	case err := <-errc:
		return nil, err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Safe twin: no cancellation case; the worker sends on exactly one of the
// two channels and the receiver takes whichever comes.
func doWait(send func() (*response, error)) (*response, error) {
	respc := make(chan *response)
	errc := make(chan error)
	go func() {
		resp, err := send()
		if err != nil {
			errc <- err
			return
		}
		respc <- resp
	}()
	select {
	case resp := <-respc:
		return resp, nil
	case err := <-errc:
		return nil, err
	}
}

// Safe twin (shaped after a nats.go test): two goroutines share the result
// pair. The second one's send on errC is not abandoned when the receiver
// takes <-done: that case may mean this goroutine sent on done instead,
// and which other sender has already sent depends on the order of events
// (here the first goroutine has sent on errC on every path that does not
// fail the test).
func twoWorkers(t *testing.T, next func() error) {
	done := make(chan struct{})
	errC := make(chan error)
	go func() {
		if err := next(); err != nil {
			errC <- err
			return
		}
		done <- struct{}{}
	}()
	select {
	case <-done:
		t.Fatalf("expected no message")
	case <-time.After(time.Second):
	}
	select {
	case <-time.After(5 * time.Second):
		t.Fatalf("expected an error")
	case <-errC:
	}
	go func() {
		if err := next(); err != nil {
			errC <- err
			return
		}
		done <- struct{}{}
	}()
	select {
	case <-done:
	case err := <-errC:
		t.Fatalf("unexpected error: %v", err)
	}
}
