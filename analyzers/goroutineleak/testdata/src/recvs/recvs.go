// Package recvs holds goroutines that receive from channels nobody feeds,
// each with a safe twin.
package recvs

import "errors"

type job struct{ id int }

func process(job) {}

var errBad = errors.New("bad")

// A producer ranging until a close that never comes (Docker's log copier):
// the owner returns on an error before closing the channel.
func dispatch(jobs []job) error {
	ch := make(chan job)
	go func() {
		for j := range ch { // want `goroutine can block forever on this range: the spawning function can return at line \d+ without closing the channel`
			process(j)
		}
	}()
	for _, j := range jobs {
		if j.id < 0 {
			return errBad
		}
		ch <- j
	}
	close(ch)
	return nil
}

// Safe twin: defer close(ch) runs on every path.
func dispatchDeferClose(jobs []job) error {
	ch := make(chan job)
	defer close(ch)
	go func() {
		for j := range ch {
			process(j)
		}
	}()
	for _, j := range jobs {
		if j.id < 0 {
			return errBad
		}
		ch <- j
	}
	return nil
}

// A stop channel that nobody ever closes (etcd-style lease keeper).
func keepAlive(tick func()) {
	stop := make(chan struct{})
	go func() {
		<-stop // want `goroutine can block forever on this receive: no code sends on or closes the channel made at line \d+`
		tick()
	}()
	tick()
}

// Safe twin: closed when the function returns.
func keepAliveClosed(tick func()) {
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		<-stop
		tick()
	}()
	tick()
}

// The owner sends the start signal only on the success path.
func startWorker(init func() error) error {
	start := make(chan int)
	go func() {
		n := <-start // want `goroutine can block forever on this receive: the spawning function can return at line \d+ without sending on or closing the channel`
		process(job{n})
	}()
	if err := init(); err != nil {
		return err
	}
	start <- 1
	return nil
}

// Safe twin: the error path closes the channel too.
func startWorkerClose(init func() error) error {
	start := make(chan int)
	go func() {
		n, ok := <-start
		if ok {
			process(job{n})
		}
	}()
	if err := init(); err != nil {
		close(start)
		return err
	}
	start <- 1
	return nil
}

// Safe: a helper closes the channel.
func viaHelper() {
	ch := make(chan int)
	go func() {
		for range ch {
		}
	}()
	finish(ch)
}

func finish(ch chan int) { close(ch) }

// Safe: a select with another case.
func withQuit(quit chan struct{}) {
	ch := make(chan int)
	go func() {
		select {
		case <-ch:
		case <-quit:
		}
	}()
}

type update struct{ addrs []string }

func apply(update) {}

// A resolver feeds updates to a consumer goroutine but never closes the
// channel (gRPC-style): when watch returns, the consumer waits forever.
func watch(lookups []update) {
	updates := make(chan update)
	go func() {
		for u := range updates { // want `goroutine can block forever on this range: nothing closes the channel made at line \d+, and the loop has no other exit`
			apply(u)
		}
	}()
	for _, u := range lookups {
		updates <- u
	}
}

// Safe twin: closed after the last update.
func watchClose(lookups []update) {
	updates := make(chan update)
	go func() {
		for u := range updates {
			apply(u)
		}
	}()
	for _, u := range lookups {
		updates <- u
	}
	close(updates)
}

// Safe: the consumer stops on a sentinel the producer sends last.
func watchSentinel(lookups []update) {
	updates := make(chan update)
	go func() {
		for u := range updates {
			if u.addrs == nil {
				return
			}
			apply(u)
		}
	}()
	for _, u := range lookups {
		updates <- u
	}
	updates <- update{}
}
