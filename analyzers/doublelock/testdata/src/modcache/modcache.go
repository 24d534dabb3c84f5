// Package modcache holds shapes from third-party modules that were
// reported falsely (docs/evaluation/modcache.md); they must stay silent,
// except the marked twins.
package modcache

import "sync"

type Mock struct {
	mutex sync.Mutex
	calls int
}

type Call struct{ Parent *Mock }

func (c *Call) unlock() { c.Parent.mutex.Unlock() }

func (m *Mock) fail() {
	m.mutex.Lock()
	defer m.mutex.Unlock()
	m.calls++
}

// testify mock.go: the lock is released through a fresh sync.Once before
// fail takes it again.
func (c *Call) Called() {
	c.Parent.mutex.Lock()
	var unlockOnce sync.Once
	unlockOnce.Do(c.unlock)
	c.Parent.fail()
}

// The same with a function literal.
func (c *Call) CalledLiteral() {
	c.Parent.mutex.Lock()
	var once sync.Once
	once.Do(func() { c.Parent.mutex.Unlock() })
	c.Parent.fail()
}

// Twin that stays reported: the Once runs a function that does not unlock.
func (c *Call) CalledNoUnlock() {
	c.Parent.mutex.Lock()
	var once sync.Once
	once.Do(func() { c.Parent.calls++ })
	c.Parent.fail() // want `call acquires c.Parent.mutex, which is already held here`
}

type Conn struct {
	mux  sync.Mutex
	busy bool
}

// pgx pgconn.go: the lock is handed to the goroutine this function starts,
// which releases it and then closes the channel.
func (c *Conn) signal() chan struct{} {
	ch := make(chan struct{})
	c.mux.Lock()
	go func() {
		c.busy = false
		c.mux.Unlock()
		close(ch)
	}()
	return ch
}

func (c *Conn) Copy(n int) {
	ch := c.signal()
	for i := 0; i < n; i++ {
		<-ch
		c.mux.Lock()
		c.busy = true
		c.mux.Unlock()
		ch = c.signal()
	}
}

// Twin that stays reported: nothing releases the lock lock() returns
// holding.
func (c *Conn) lock() { c.mux.Lock() }

func (c *Conn) Twice() {
	c.lock()
	c.mux.Lock() // want `c.mux is locked while already held`
	c.mux.Unlock()
}
