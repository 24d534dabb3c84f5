// Package lazyinit has fields initialised on first use by methods that run
// concurrently, with no lock or sync.Once.
package lazyinit

import (
	"regexp"
	"sync"
)

// A client whose methods are called from many goroutines (it has a mutex
// for its other state) builds its matcher on first use.
type client struct {
	mu      sync.Mutex
	pending map[int]string
	re      *regexp.Regexp
	names   map[string]int
}

func (c *client) Send(id int, s string) {
	c.mu.Lock()
	c.pending[id] = s
	c.mu.Unlock()
}

func (c *client) Match(s string) bool {
	if c.re == nil { // want `lazy initialisation of c.re without synchronization: concurrent calls of Match race on it \(written at line \d+\)`
		c.re = regexp.MustCompile(`^[a-z]+$`)
	}
	return c.re.MatchString(s)
}

// The safe twins: under the lock, and with sync.Once.
func (c *client) Lookup(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.names == nil {
		c.names = map[string]int{}
	}
	return c.names[name]
}

type clientOnce struct {
	once sync.Once
	re   *regexp.Regexp
	mu   sync.Mutex
	n    int
}

func (c *clientOnce) Match(s string) bool {
	c.once.Do(func() {
		if c.re == nil {
			c.re = regexp.MustCompile(`^[a-z]+$`)
		}
	})
	return c.re.MatchString(s)
}

func (c *clientOnce) Inc() { c.mu.Lock(); c.n++; c.mu.Unlock() }

// A type with no sign of concurrency (no lock, not used by goroutines) is
// a plain single-goroutine value.
type builder struct {
	buf []byte
}

func (b *builder) Write(p []byte) {
	if b.buf == nil {
		b.buf = make([]byte, 0, 64)
	}
	b.buf = append(b.buf, p...)
}
