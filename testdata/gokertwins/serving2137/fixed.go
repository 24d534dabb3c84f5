// Package serving2137 is the fixed twin of GoKer kernel serving2137, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package serving2137

import "sync"

// Fixed: the test releases every request's lock before it waits for any
// request to be accepted.

type breaker struct {
	pending chan struct{}
	active  chan struct{}
}

func (b *breaker) maybe(thunk func()) bool {
	select {
	default:
		return false
	case b.pending <- struct{}{}:
		b.active <- struct{}{}
		defer func() {
			<-b.active
			<-b.pending
		}()
		thunk()
		return true
	}
}

type request struct {
	lock     *sync.Mutex
	accepted chan bool
}

func (b *breaker) concurrentRequest() request {
	r := request{lock: &sync.Mutex{}, accepted: make(chan bool, 1)}
	r.lock.Lock()
	go func() {
		r.accepted <- b.maybe(func() {
			r.lock.Lock()
			r.lock.Unlock()
		})
	}()
	return r
}

func Run() {
	b := &breaker{pending: make(chan struct{}, 2), active: make(chan struct{}, 1)}
	reqs := []request{b.concurrentRequest(), b.concurrentRequest()}
	for _, r := range reqs {
		r.lock.Unlock()
	}
	for _, r := range reqs {
		<-r.accepted
	}
}
