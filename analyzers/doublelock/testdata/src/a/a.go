package a

import "sync"

type Cache struct {
	mu sync.Mutex
	m  map[string]string
}

func load() map[string]string { return nil }

// The common real bug: a method holds c.mu and calls a helper that locks it.
func (c *Cache) Get(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.m[k]; ok {
		return v
	}
	c.refresh() // want `call acquires c.mu, which is already held here \(write\): \(\*Cache\).refresh → Lock at a.go:\d+`
	return c.m[k]
}

func (c *Cache) refresh() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m = load()
}

// Safe twin: the helper expects the lock to be held.
func (c *Cache) GetSafe(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.m[k]; ok {
		return v
	}
	c.refreshLocked()
	return c.m[k]
}

func (c *Cache) refreshLocked() { c.m = load() }

// Through a two-level call chain.
func (c *Cache) Reset() {
	c.mu.Lock()
	c.reload() // want `call acquires c.mu, which is already held here \(write\): \(\*Cache\).reload → \(\*Cache\).refresh → Lock at a.go:\d+`
	c.mu.Unlock()
}

func (c *Cache) reload() { c.refresh() }

// Safe twin: the lock is released before the call.
func (c *Cache) ResetSafe() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
	c.reload()
}

// Direct double lock.
func (c *Cache) Direct() {
	c.mu.Lock()
	c.m = nil
	c.mu.Lock() // want `c.mu is locked while already held: Go mutexes are not reentrant`
	c.mu.Unlock()
}

func (c *Cache) DirectSafe() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
	c.mu.Lock()
	c.mu.Unlock()
}

// Two values of one type are different instances.
func Transfer(from, to *Cache) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock()
	defer to.mu.Unlock()
	to.m = from.m
}

type Node struct {
	mu     sync.Mutex
	parent *Node
}

func (n *Node) Climb() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.parent != nil {
		n.parent.mu.Lock() // a different node
		n.parent.mu.Unlock()
	}
}

// Conditional locking in the callee (a "locked" flag): not on every path.
func (c *Cache) get(k string, locked bool) string {
	if !locked {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	return c.m[k]
}

func (c *Cache) GetTwice(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.get(k, true)
}

// Correlated branches on the same condition.
func Correlated(mu *sync.Mutex, c bool) {
	if c {
		mu.Lock()
	}
	if c {
		mu.Lock() // want `mu is locked while already held`
	}
}

func CorrelatedSafe(mu *sync.Mutex, c bool) {
	if c {
		mu.Lock()
	}
	if !c {
		mu.Lock()
	}
	mu.Unlock()
}

// RWMutex: upgrading a read lock deadlocks.
type Table struct {
	mu   sync.RWMutex
	rows map[int]string
}

func (t *Table) Upgrade(k int) {
	t.mu.RLock()
	if _, ok := t.rows[k]; !ok {
		t.mu.Lock() // want `t.mu is write-locked while this goroutine holds its read lock`
		t.rows[k] = ""
		t.mu.Unlock()
	}
	t.mu.RUnlock()
}

func (t *Table) UpgradeSafe(k int) {
	t.mu.RLock()
	_, ok := t.rows[k]
	t.mu.RUnlock()
	if !ok {
		t.mu.Lock()
		t.rows[k] = ""
		t.mu.Unlock()
	}
}

// RLock while write-locked.
func (t *Table) WriteThenRead() {
	t.mu.Lock()
	defer t.mu.Unlock()
	_ = t.Len() // want `call acquires t.mu, which is already held here \(write\): \(\*Table\).Len → RLock at a.go:\d+`
}

func (t *Table) Len() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.rows)
}

func (t *Table) WriteThenReadSafe() {
	t.mu.Lock()
	defer t.mu.Unlock()
	_ = len(t.rows)
}

// Recursive read locking through a call chain.
func (t *Table) Describe() string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.Len() == 0 { // want `call acquires t.mu, which is already held here \(read\): \(\*Table\).Len → RLock at a.go:\d+; a recursive read lock deadlocks if a writer calls Lock in between`
		return "empty"
	}
	return "rows"
}

func (t *Table) DescribeSafe() string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if len(t.rows) == 0 {
		return "empty"
	}
	return "rows"
}

// Embedded mutex.
type Counter struct {
	sync.Mutex
	n int
}

func (c *Counter) Inc() {
	c.Lock()
	defer c.Unlock()
	c.n++
}

func (c *Counter) IncTwice() {
	c.Lock()
	defer c.Unlock()
	c.Inc() // want `call acquires c.Mutex, which is already held here`
}

func (c *Counter) IncTwiceSafe() {
	c.Inc()
	c.Inc()
}

// sync.Locker values.
func WithLocker(l sync.Locker) {
	l.Lock()
	l.Lock() // want `l is locked while already held`
}

func WithLockerSafe(l sync.Locker) {
	l.Lock()
	l.Unlock()
	l.Lock()
	l.Unlock()
}

// TryLock: held only when it returned true.
func Try(mu *sync.Mutex) {
	if mu.TryLock() {
		mu.Lock() // want `mu is locked while already held`
	}
}

func TrySafe(mu *sync.Mutex) {
	if !mu.TryLock() {
		mu.Lock()
	}
	mu.Unlock()
}

// Lock helpers: the summary records that lock() returns holding c.mu.
func (c *Cache) lock()   { c.mu.Lock() }
func (c *Cache) unlock() { c.mu.Unlock() }

func (c *Cache) ViaHelper() {
	c.lock()
	c.mu.Lock() // want `c.mu is locked while already held`
}

func (c *Cache) ViaHelperSafe() {
	c.lock()
	c.unlock()
	c.mu.Lock()
	c.mu.Unlock()
}

// Closures called in place run with the caller's locks; goroutines start
// with none.
func (c *Cache) InPlace() {
	c.mu.Lock()
	defer c.mu.Unlock()
	func() {
		c.mu.Lock()
		c.mu.Unlock()
	}() // want `call acquires c.mu, which is already held here \(write\): \(\*Cache\).InPlace\$1 → Lock at a.go:\d+`
}

func (c *Cache) InPlaceCall() {
	c.mu.Lock()
	defer c.mu.Unlock()
	func() {
		c.refresh()
	}() // want `call acquires c.mu, which is already held here \(write\): \(\*Cache\).InPlaceCall\$1 → \(\*Cache\).refresh → Lock`
}

func (c *Cache) Goroutine() {
	c.mu.Lock()
	defer c.mu.Unlock()
	go func() {
		c.mu.Lock()
		c.mu.Unlock()
	}()
	go c.refresh()
}

// Cond.Wait releases and re-acquires c.L: no double lock.
func WaitReady(c *sync.Cond, ready *bool) {
	c.L.Lock()
	for !*ready {
		c.Wait()
	}
	c.L.Unlock()
}

// Global mutex.
var gmu sync.Mutex

func lockGlobal() {
	gmu.Lock()
	defer gmu.Unlock()
}

func Global() {
	gmu.Lock()
	defer gmu.Unlock()
	lockGlobal() // want `call acquires gmu`
}

func GlobalSafe() {
	gmu.Lock()
	gmu.Unlock()
	lockGlobal()
}

// An unknown call that receives the lock may have released it.
type Handler interface{ Handle(*Cache) }

func Unknown(c *Cache, h Handler) {
	c.mu.Lock()
	h.Handle(c)
	c.mu.Lock()
	c.mu.Unlock()
}

// Hand-over-hand locking in a loop: a new node each iteration.
type List struct {
	mu   sync.Mutex
	next *List
}

func Walk(l *List) {
	l.mu.Lock()
	for l.next != nil {
		n := l.next
		n.mu.Lock()
		l.mu.Unlock()
		l = n
	}
	l.mu.Unlock()
}

// A field reassigned between two loads may be a different object.
type Holder struct{ cur *Cache }

func (h *Holder) Swap(c *Cache) {
	h.cur.mu.Lock()
	old := h.cur
	h.cur = c
	h.cur.mu.Lock()
	h.cur.mu.Unlock()
	old.mu.Unlock()
}

// RLocker is the read side.
func RLockerDouble(rw *sync.RWMutex) {
	rw.Lock()
	l := rw.RLocker()
	l.Lock() // want `rw is read-locked while this goroutine holds its write lock`
}

// Regression (crypto/tls): a "...RLocked" helper that releases its caller's
// read lock, takes the write lock, and re-acquires the read lock in a defer.
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
	defer c.mu.RUnlock()
	c.initKeysRLocked()
	return c.keys
}

// Regression (runtime tests): a mutex used as a semaphore, unlocked by
// another goroutine.
func Handoff(work func()) {
	var mu sync.Mutex
	mu.Lock()
	go func() {
		work()
		mu.Unlock()
	}()
	mu.Lock() // waits for the goroutine
}

// Recursive read locking of a lock no other goroutine can see cannot
// deadlock.
func PrivateRead() {
	var rw sync.RWMutex
	rw.RLock()
	rw.RLock()
	rw.RUnlock()
	rw.RUnlock()
}

// ... but of a shared one it can.
func SharedRead(rw *sync.RWMutex) {
	rw.RLock()
	rw.RLock() // want `rw is read-locked again while already read-locked`
	rw.RUnlock()
	rw.RUnlock()
}

// A nil guard on the receiver in the callee does not make its lock
// conditional: the caller holding c.mu has a non-nil c.
func (c *Cache) size() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

func (c *Cache) Stats() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size() // want `call acquires c.mu, which is already held here \(write\): \(\*Cache\).size → Lock`
}

// Any other early return does.
func (c *Cache) sizeIfReady(ready bool) int {
	if !ready {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

func (c *Cache) StatsReady() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sizeIfReady(false)
}
