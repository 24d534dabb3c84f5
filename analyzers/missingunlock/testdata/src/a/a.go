package a

import (
	"errors"
	"log"
	"os"
	"sync"
	"testing"
)

var errClosed = errors.New("closed")

type Job struct{}

type Queue struct {
	mu     sync.Mutex
	closed bool
	jobs   []Job
}

// Missing unlock on an error return.
func (q *Queue) Push(j Job) error {
	q.mu.Lock()
	if q.closed {
		return errClosed // want `q.mu is still locked at this return: it is unlocked before the return at a.go:\d+ but not on this path`
	}
	q.jobs = append(q.jobs, j)
	q.mu.Unlock()
	return nil
}

func (q *Queue) PushSafe(j Job) error {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return errClosed
	}
	q.jobs = append(q.jobs, j)
	q.mu.Unlock()
	return nil
}

func (q *Queue) PushDefer(j Job) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return errClosed
	}
	q.jobs = append(q.jobs, j)
	return nil
}

// defer inside an if.
func (q *Queue) Maybe(lock bool) int {
	if lock {
		q.mu.Lock()
		defer q.mu.Unlock()
	}
	return len(q.jobs)
}

func (q *Queue) MaybeLeak(lock bool) int {
	q.mu.Lock()
	if lock {
		defer q.mu.Unlock()
		return 1
	}
	return len(q.jobs) // want `q.mu is still locked at this return`
}

// Correlated branches.
func (q *Queue) Correlated(lock bool) int {
	if lock {
		q.mu.Lock()
	}
	n := len(q.jobs)
	if lock {
		q.mu.Unlock()
	}
	return n
}

// A lock helper returns holding the lock on every path: not a bug.
func (q *Queue) lock() *Queue {
	q.mu.Lock()
	return q
}

func (q *Queue) Helper() int {
	q.lock()
	defer q.mu.Unlock()
	return len(q.jobs)
}

func (q *Queue) HelperLeak() int {
	q.lock()
	if q.closed {
		return 0 // want `q.mu is still locked at this return`
	}
	q.mu.Unlock()
	return len(q.jobs)
}

// Conditional lock helper: held on success, released on failure.
func (q *Queue) lockOpen() error {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return errClosed
	}
	return nil
}

func (q *Queue) tryLockOpen() bool {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return false
	}
	return true
}

// Unlocking the caller's lock is a contract, not a bug.
func (q *Queue) unlockAndSignalLocked() {
	q.jobs = nil
	q.mu.Unlock()
}

// Double unlock.
func (q *Queue) Pop() (Job, bool) {
	q.mu.Lock()
	if len(q.jobs) == 0 {
		q.mu.Unlock()
		q.mu.Unlock() // want `q.mu is unlocked twice: it was already unlocked at a.go:\d+ on every path`
		return Job{}, false
	}
	j := q.jobs[0]
	q.jobs = q.jobs[1:]
	q.mu.Unlock()
	return j, true
}

func (q *Queue) PopSafe() (Job, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.jobs) == 0 {
		return Job{}, false
	}
	j := q.jobs[0]
	q.jobs = q.jobs[1:]
	return j, true
}

// Lock in a loop, still held at the back edge.
func (q *Queue) Drain(f func(Job)) {
	for {
		q.mu.Lock() // want `q.mu is locked in a loop and still held when the loop goes round`
		if len(q.jobs) == 0 {
			q.mu.Unlock()
			return
		}
		j := q.jobs[0]
		q.jobs = q.jobs[1:]
		if j == (Job{}) {
			continue
		}
		q.mu.Unlock()
		f(j)
	}
}

func (q *Queue) DrainSafe(f func(Job)) {
	for {
		q.mu.Lock()
		if len(q.jobs) == 0 {
			q.mu.Unlock()
			return
		}
		j := q.jobs[0]
		q.jobs = q.jobs[1:]
		q.mu.Unlock()
		f(j)
	}
}

// defer in a loop: runs only when the function returns.
func ProcessAll(qs []*Queue, q0 *Queue) {
	for range qs {
		q0.mu.Lock() // want `q0.mu is locked in a loop and still held`
		defer q0.mu.Unlock()
	}
}

func ProcessAllSafe(qs []*Queue) {
	for _, q := range qs {
		q.mu.Lock()
		defer q.mu.Unlock()
	}
}

// Non-returning paths.
func (q *Queue) Fatal(t *testing.T) int {
	q.mu.Lock()
	if q.closed {
		t.Fatal("closed")
	}
	if q.jobs == nil {
		log.Fatal("nil")
	}
	if len(q.jobs) > 100 {
		os.Exit(1)
	}
	if len(q.jobs) > 10 {
		panic("too many")
	}
	q.mu.Unlock()
	return 0
}

// TryLock.
func (q *Queue) Try() bool {
	if !q.mu.TryLock() {
		return false
	}
	defer q.mu.Unlock()
	return len(q.jobs) > 0
}

func (q *Queue) TryLeak() int {
	if q.mu.TryLock() {
		if q.closed {
			return 1 // want `q.mu is still locked at this return`
		}
		q.mu.Unlock()
	}
	return 0
}

// Unlock in a deferred closure.
func (q *Queue) DeferClosure() error {
	q.mu.Lock()
	defer func() {
		q.mu.Unlock()
	}()
	if q.closed {
		return errClosed
	}
	return nil
}

// Cond.Wait releases and re-acquires c.L.
type Buf struct {
	mu   sync.Mutex
	cond *sync.Cond
	data []int
}

func (b *Buf) Take() int {
	b.mu.Lock()
	for len(b.data) == 0 {
		b.cond.Wait()
	}
	x := b.data[0]
	b.data = b.data[1:]
	b.mu.Unlock()
	return x
}

// Unknown calls that receive the lock's owner may unlock it.
type Closer interface{ CloseAndUnlock(*Queue) }

func (q *Queue) Unknown(c Closer) error {
	q.mu.Lock()
	if q.closed {
		c.CloseAndUnlock(q)
		return errClosed
	}
	q.mu.Unlock()
	return nil
}

// RWMutex read paths.
type Reg struct {
	mu sync.RWMutex
	m  map[string]int
}

func (r *Reg) Lookup(k string) (int, error) {
	r.mu.RLock()
	v, ok := r.m[k]
	if !ok {
		return 0, errors.New("missing") // want `r.mu is still locked at this return`
	}
	r.mu.RUnlock()
	return v, nil
}

func (r *Reg) LookupSafe(k string) (int, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	v, ok := r.m[k]
	if !ok {
		return 0, errors.New("missing")
	}
	return v, nil
}

// Embedded mutex and sync.Locker.
type Counter struct {
	sync.Mutex
	n int
}

func (c *Counter) Add(d int) error {
	c.Lock()
	if d < 0 {
		return errors.New("negative") // want `c.Mutex is still locked at this return`
	}
	c.n += d
	c.Unlock()
	return nil
}

func (c *Counter) AddSafe(d int) error {
	c.Lock()
	defer c.Unlock()
	if d < 0 {
		return errors.New("negative")
	}
	c.n += d
	return nil
}

func WithLocker(l sync.Locker, f func() bool) bool {
	l.Lock()
	if !f() {
		return false // want `l is still locked at this return`
	}
	l.Unlock()
	return true
}

func WithLockerSafe(l sync.Locker, f func() bool) bool {
	l.Lock()
	defer l.Unlock()
	return f()
}

// Regression (sync tests): two read holds, two RUnlocks.
func ReadTwice(rw *sync.RWMutex) {
	if !rw.TryRLock() {
		return
	}
	if !rw.TryRLock() {
		rw.RUnlock()
		return
	}
	rw.RUnlock()
	rw.RUnlock()
}

// Regression (crypto/tls): the helper re-acquires the caller's lock.
type Config struct {
	mu   sync.RWMutex
	keys []int
}

func (c *Config) initKeysRLocked() {
	if len(c.keys) > 0 {
		return
	}
	c.mu.RUnlock()
	defer c.mu.RLock()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.keys = []int{1}
}

func (c *Config) Keys() []int {
	c.mu.RLock()
	c.initKeysRLocked()
	if len(c.keys) != 0 {
		k := c.keys
		c.mu.RUnlock()
		return k
	}
	c.mu.RUnlock()
	return nil
}

// A lock unlocked by the goroutine it was handed to.
func Handoff(n int) {
	var mu sync.Mutex
	mu.Lock()
	go func() {
		mu.Unlock()
	}()
	mu.Lock()
	mu.Unlock()
}

// A continue that skips the unlock of the iteration's object.
type endpoint struct {
	mu    sync.Mutex
	ready bool
	n     int
}

func SyncAll(eps []*endpoint) int {
	n := 0
	for _, ep := range eps {
		ep.mu.Lock() // want `ep.mu is still locked when this loop iteration ends early`
		if ep.ready {
			continue
		}
		ep.n++
		n++
		ep.mu.Unlock()
	}
	return n
}

func SyncAllSafe(eps []*endpoint) int {
	n := 0
	for _, ep := range eps {
		ep.mu.Lock()
		if ep.ready {
			ep.mu.Unlock()
			continue
		}
		ep.n++
		n++
		ep.mu.Unlock()
	}
	return n
}

// Off by default (flag unlocknotheld): conditional Lock, unconditional Unlock.
func Propose(mu *sync.Mutex, leader bool, q *[]string) {
	if leader {
		mu.Lock()
		*q = append(*q, "x")
	}
	mu.Unlock()
}
