package basic

import (
	"sync"
	"time"
)

// The receiver leaves on a timeout: the sender blocks forever.
func abandonedSend() {
	ch := make(chan int)
	go func() {
		ch <- 1 // want `goroutineleak: goroutine abandonedSend.func1 blocks forever sending on ch`
	}()
	select {
	case <-ch:
	case <-time.After(time.Second):
	}
}

// Safe twin: a buffer for the one value.
func abandonedSendFixed() {
	ch := make(chan int, 1)
	go func() {
		ch <- 1
	}()
	select {
	case <-ch:
	case <-time.After(time.Second):
	}
}

// Two goroutines take two locks in opposite orders.
func abba() {
	var a, b sync.Mutex
	go func() {
		a.Lock()
		b.Lock() // want `lockorder: lock-order deadlock`
		b.Unlock()
		a.Unlock()
	}()
	go func() {
		b.Lock()
		a.Lock()
		a.Unlock()
		b.Unlock()
	}()
}

// Safe twin: one order.
func abbaFixed() {
	var a, b sync.Mutex
	go func() {
		a.Lock()
		b.Lock()
		b.Unlock()
		a.Unlock()
	}()
	go func() {
		a.Lock()
		b.Lock()
		b.Unlock()
		a.Unlock()
	}()
}

type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) get() int {
	c.mu.Lock() // want `doublelock: goroutine \(\*counter\).incr blocks forever locking c.mu: it already holds it`
	defer c.mu.Unlock()
	return c.n
}

func (c *counter) incr() {
	c.mu.Lock()
	c.n = c.get() + 1
	c.mu.Unlock()
}

func doubleLock() {
	c := &counter{}
	go c.incr()
}

// A receive under a lock the sender needs.
type box struct {
	mu sync.Mutex
	ch chan int
}

func chanLock() {
	b := &box{ch: make(chan int)}
	go func() {
		b.mu.Lock()
		b.ch <- 1 // want `chanlock: goroutine chanLock.func1 blocks forever sending on b.ch while holding b.mu`
		b.mu.Unlock()
	}()
	go func() {
		b.mu.Lock()
		<-b.ch // want `chanlock: goroutine chanLock.func2 blocks forever receiving from b.ch while holding b.mu`
		b.mu.Unlock()
	}()
}

// A worker that returns early skips Done.
func waitGroupSkip(fail bool) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if fail {
			return
		}
		wg.Done()
	}()
	wg.Wait() // want `goroutineleak: goroutine waitGroupSkip blocks forever in wg.Wait`
}

func waitGroupSkipFixed(fail bool) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if fail {
			return
		}
	}()
	wg.Wait()
}

// A recursive read lock deadlocks behind a queued writer.
type store struct {
	mu sync.RWMutex
	m  map[string]int
}

func (s *store) get(k string) int {
	s.mu.RLock() // want `doublelock: goroutine \(\*store\).dump blocks forever read-locking s.mu: it holds a read lock already`
	defer s.mu.RUnlock()
	return s.m[k]
}

func (s *store) dump() {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_ = s.get("a")
}

func (s *store) put(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
}

func recursiveRead() {
	s := &store{m: map[string]int{}}
	go s.dump()
	go s.put("a", 1)
}

// A channel handed to the caller may be served by it: silent.
func handedOut() chan int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	return ch
}
