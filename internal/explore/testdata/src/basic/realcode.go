package basic

// Shapes from the explorer's triage on real code (docs/evaluation.md):
// each silent function is the shape of a false report that a precision
// rule of docs/design.md removed; the reported ones are true.

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io/fs"
	"path/filepath"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// A done channel per node, made by a callback that unknown code calls
// (golang.org/x/tools internal/gcimporter, TestShallowStd): the map is
// filled by code the explorer does not see, so a lookup is not nil.
func walkDone(root string) {
	done := make(map[string]chan struct{})
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		done[path] = make(chan struct{})
		return nil
	})
	go func() {
		close(done[root])
	}()
	<-done[root]
}

// A semaphore whose Acquire returns the timeout error it is given, a
// sentinel (go-redis internal/semaphore_test.go): the error is never nil,
// so the token is not released twice.
var errTimeout = errors.New("timeout")

type sem struct{ tokens chan struct{} }

func (s *sem) acquire(timeout time.Duration, timeoutErr error) error {
	select {
	case <-s.tokens:
		return nil
	case <-time.After(timeout):
		return timeoutErr
	}
}

func (s *sem) release() { s.tokens <- struct{}{} }

func hammerSem() {
	s := &sem{tokens: make(chan struct{}, 1)}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.release()
	}()
	if err := s.acquire(time.Microsecond, errTimeout); err == nil {
		s.release()
	}
	wg.Wait()
}

// A record decoded from bytes in memory (net/http/fcgi's tests): whether
// binary.Read fails is decided by the bytes, not by the environment.
type header struct{ Version, Type uint8 }

func decodeThenSignal(input []byte) {
	done := make(chan struct{})
	go func() {
		var h header
		if err := binary.Read(bytes.NewReader(input), binary.BigEndian, &h); err != nil {
			return
		}
		close(done)
	}()
	<-done
}

// In a synctest bubble time is virtual: the sleep makes the signal come
// after the wait (internal/synctest's TestCond).
func TestBubbleCond(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		cond := sync.NewCond(&mu)
		go func() {
			time.Sleep(time.Millisecond)
			mu.Lock()
			cond.Signal()
			mu.Unlock()
		}()
		mu.Lock()
		cond.Wait()
		mu.Unlock()
	})
}

// A pool that starts its opener goroutine, stopped by Close
// (database/sql's OpenDB): returned to the caller, silent.
type pool struct {
	opener chan struct{}
	stop   func()
}

func openPool() *pool {
	ctx, cancel := context.WithCancel(context.Background())
	p := &pool{opener: make(chan struct{}, 10), stop: cancel}
	go p.run(ctx)
	return p
}

func (p *pool) run(ctx context.Context) {
	for {
		select { // want `goroutineleak: goroutine \(\*pool\).run blocks forever in this select`
		case <-ctx.Done():
			return
		case <-p.opener:
		}
	}
}

func (p *pool) Close() { p.stop() }

// A test that opens a pool and never closes it leaks the opener
// goroutine (database/sql's TestOpenDB): reported, at the select above.
func TestOpenPool(t *testing.T) {
	p := openPool()
	if p.opener == nil {
		t.Fatal("no opener")
	}
}

// A queue filled up to a limit the package reads once from its
// configuration (grpc's controlBuffer throttle test): the limit is fixed
// for the process, not a choice, so the queue is not empty when the test
// takes an item.
var queueLimit = limitFromEnv()

func limitFromEnv() int { return 50 }

type queue struct {
	mu    sync.Mutex
	n     int
	wake  chan struct{}
	close chan struct{}
}

func (q *queue) put() {
	q.mu.Lock()
	q.n++
	q.mu.Unlock()
}

func (q *queue) get() bool {
	q.mu.Lock()
	if q.n > 0 {
		q.n--
		q.mu.Unlock()
		return true
	}
	q.mu.Unlock()
	select {
	case <-q.wake:
		return true
	case <-q.close:
		return false
	}
}

func TestQueueLimit(t *testing.T) {
	q := &queue{wake: make(chan struct{}, 1), close: make(chan struct{})}
	defer close(q.close)
	for range queueLimit {
		q.put()
	}
	done := make(chan struct{})
	go func() {
		q.put()
		close(done)
	}()
	if !q.get() {
		t.Fatal("closed")
	}
	<-done
}
