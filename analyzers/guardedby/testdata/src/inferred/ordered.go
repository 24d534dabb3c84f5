package inferred

import (
	"errors"
	"sync"
)

// Accesses ordered by something other than the lock: a channel of the
// object that hands it over (crypto/tls's QUICConn reads handshakeErr after
// receiving from blockedc), and a field written only before the go
// statement that starts its reader (runtime/pprof's cpu.done). Each safe
// shape has a bad twin that the same ordering does not cover.

// A handshake run by a goroutine; the caller waits on the object's own
// channel and then reads the result the goroutine wrote.
type handshake struct {
	mu      sync.Mutex
	err     error
	blocked chan struct{}
}

func (h *handshake) run() {
	h.mu.Lock()
	h.err = errors.New("failed")
	h.mu.Unlock()
	close(h.blocked)
}

func (h *handshake) Err() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.err
}

func (h *handshake) Reset() {
	h.mu.Lock()
	h.err = nil
	h.mu.Unlock()
}

// Start reads err after the object's channel says the handshake is done.
func (h *handshake) Start() error {
	go h.run()
	if _, ok := <-h.blocked; !ok {
		return h.err
	}
	return nil
}

// The bad twin: a watcher that updates the guarded state after receiving
// from a channel the object does not own (the channel orders nothing with
// the other writers).
type watcher struct {
	mu     sync.Mutex
	events int
}

func (w *watcher) Add() {
	w.mu.Lock()
	w.events++
	w.mu.Unlock()
}

func (w *watcher) Events() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.events
}

func (w *watcher) Reset() {
	w.mu.Lock()
	w.events = 0
	w.mu.Unlock()
}

func (w *watcher) Watch(ch <-chan int) {
	for range ch {
		w.events++ // want `w.events is read without w.mu: accessed with w.mu held in 3 of 4 places` `w.events is written without w.mu: accessed with w.mu held in 3 of 4 places`
	}
}

// A profiler: done is set under the lock before the writer goroutine
// starts, and never written again; the goroutine reads it without the lock.
type profiler struct {
	mu        sync.Mutex
	done      chan bool
	profiling bool
}

func (p *profiler) Start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done == nil {
		p.done = make(chan bool)
	}
	if p.profiling {
		return
	}
	p.profiling = true
	go p.writer()
}

func (p *profiler) writer() {
	p.done <- true
}

func (p *profiler) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.profiling {
		return
	}
	p.profiling = false
	<-p.done
}

func (p *profiler) Running() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done != nil
}

// The bad twin: Reconfigure replaces the channel under the lock while the
// writer goroutine may be running: the goroutine's read races with it.
type profiler2 struct {
	mu        sync.Mutex
	done      chan bool
	profiling bool
}

func (p *profiler2) Start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done == nil {
		p.done = make(chan bool)
	}
	p.profiling = true
	go p.writer()
}

func (p *profiler2) writer() {
	p.done <- true // want `p.done is read without p.mu: accessed with p.mu held in 4 of 5 places`
}

func (p *profiler2) Reconfigure() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done = make(chan bool, 1)
}

func (p *profiler2) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	<-p.done
}
