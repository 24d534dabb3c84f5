// Package realistic holds channel misuse shaped like real bugs, each with
// its safe twin.
package realistic

import (
	"errors"
	"sync"
	"time"
)

// A server whose Stop closes done: callable twice, but each call closes
// once, so nothing is provable on one path (silent).
type Server struct {
	done chan struct{}
	once sync.Once
}

func (s *Server) Stop() { close(s.done) }

// Safe twin: sync.Once-guarded close.
func (s *Server) StopOnce() { s.once.Do(func() { close(s.done) }) }

// Shutdown calls Stop and then closes done itself: Stop closes s.done on
// every path and reassigns nothing, so the second close panics.
func (s *Server) Shutdown() {
	s.Stop()
	close(s.done) // want `close of closed channel: s.done was closed by Stop at line \d+, and execution continues from there to this close`
}

// Stop called twice on one path.
func (s *Server) restart() {
	s.Stop()
	s.Stop() // want `close of closed channel: Stop closes s.done, which was closed at line \d+, and execution continues from there to this call`
}

// Safe twin: a Stop guarded by a flag under a lock may be called twice.
type Guarded struct {
	mu     sync.Mutex
	closed bool
	done   chan struct{}
}

func (g *Guarded) Stop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.closed {
		g.closed = true
		close(g.done)
	}
}

func (g *Guarded) restart() {
	g.Stop()
	g.Stop()
}

// Safe twin: the Once-guarded Stop twice.
func (s *Server) restartOnce() {
	s.StopOnce()
	s.StopOnce()
}

// Safe twin: a Stop that re-makes the channel after closing it.
type Renewing struct{ done chan struct{} }

func (r *Renewing) Stop() {
	close(r.done)
	r.done = make(chan struct{})
}

func (r *Renewing) restart() {
	r.Stop()
	r.Stop()
}

func (s *Server) shutdownDirect() {
	close(s.done)
	close(s.done) // want `close of closed channel: s.done was closed at line \d+`
}

var errBad = errors.New("bad")

// Send on a results channel after close on an error path.
func collect(items []int, results chan<- int) error {
	for _, it := range items {
		if it < 0 {
			close(results)
			results <- -1 // want `send on closed channel: results was closed at line \d+, and execution continues from there to this send`
			return errBad
		}
		results <- it
	}
	close(results)
	return nil
}

// Safe twin: return right after the close on the error path.
func collectOK(items []int, results chan<- int) error {
	for _, it := range items {
		if it < 0 {
			close(results)
			return errBad
		}
		results <- it
	}
	close(results)
	return nil
}

// The single sender closes with defer and also on the error path.
func produce(out chan<- int, items []int) error {
	defer close(out)
	for _, it := range items {
		if it < 0 {
			close(out) // want `close of closed channel: the deferred close at line \d+ closes out again`
			return errBad
		}
		out <- it
	}
	return nil
}

// Safe twin: defer close(ch) in the single sender.
func produceOK(out chan<- int, items []int) error {
	defer close(out)
	for _, it := range items {
		if it < 0 {
			return errBad
		}
		out <- it
	}
	return nil
}

// Safe twin: close by the owner after wg.Wait.
func fanIn(inputs []<-chan int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range in {
				out <- v
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// A dispatcher that closes the quit channel of every worker in a loop but
// uses the pool's own channel instead of the worker's.
type pool struct {
	quit    chan struct{}
	workers []*worker
}

type worker struct{ quit chan struct{} }

func (p *pool) stopAll() {
	for range p.workers {
		close(p.quit) // want `close of closed channel: p.quit is closed on every iteration of the loop`
	}
}

// Safe twin: each worker's own channel.
func (p *pool) stopAllOK() {
	for _, w := range p.workers {
		close(w.quit)
	}
}

// Safe twin: the nil-channel-in-select idiom to disable a drained input.
func merge(a, b <-chan int, out chan<- int) {
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			out <- v
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			out <- v
		}
	}
	close(out)
}

// A nil channel used outside a select: the result channel is never made.
type fetcher struct{}

func (f *fetcher) fetch() int {
	var res chan int
	go func() {
		defer func() { recover() }()
		res <- 42 // want `send on nil channel blocks forever`
	}()
	return <-res // want `receive from nil channel blocks forever`
}

// Safe twin: the channel is made.
func (f *fetcher) fetchOK() int {
	res := make(chan int, 1)
	go func() { res <- 42 }()
	return <-res
}

// The stream's finish path closes the buffer and then pushes the final
// status onto it (gRPC-style).
type recvMsg struct {
	data []byte
	err  error
}

type recvBuffer struct{ c chan recvMsg }

func (b *recvBuffer) finish(err error) {
	close(b.c)
	b.c <- recvMsg{err: err} // want `send on closed channel: b.c was closed at line \d+, and execution continues from there to this send`
}

// Safe twin: push the status, then close.
func (b *recvBuffer) finishOK(err error) {
	b.c <- recvMsg{err: err}
	close(b.c)
}

// A monitor whose Stop closes stop, and closes it again when the wait for
// the monitor times out (Docker-style): the timeout case is one execution.
type monitor struct {
	stop, done chan struct{}
	timeout    chan struct{}
}

func (m *monitor) Stop() bool {
	close(m.stop)
	select {
	case <-m.done:
		return true
	case <-m.timeout:
		close(m.stop) // want `close of closed channel: m.stop was closed at line \d+, and execution continues from there to this close`
		return false
	}
}

// Safe twin: the timeout case only reports.
func (m *monitor) StopOK() bool {
	close(m.stop)
	select {
	case <-m.done:
		return true
	case <-m.timeout:
		return false
	}
}

// The Docker health monitor: the timeout case, behind time.After, closes
// stop a second time.
type healthMonitor struct{ stop, done chan struct{} }

func (m *healthMonitor) Stop(wait time.Duration) bool {
	close(m.stop)
	select {
	case <-m.done:
		return true
	case <-time.After(wait):
		close(m.stop) // want `close of closed channel: m.stop was closed at line \d+`
		return false
	}
}

// Safe twin: the timeout case gives up without closing again.
func (m *healthMonitor) StopOK(wait time.Duration) bool {
	close(m.stop)
	select {
	case <-m.done:
		return true
	case <-time.After(wait):
		return false
	}
}
