// Package fields holds lock/channel deadlocks whose counterpart is a
// single background goroutine (a writer loop, a compactor, a delivery
// loop, a watcher) that needs the lock on some path before it can serve
// the blocked operation, each beside the safe twin a reviewer would write.
package fields

import (
	"io"
	"sync"
	"time"
)

// ---- a connection writer loop that updates its statistics under the
// lock after each write: while it waits for c.mu, a Send holding c.mu
// blocks on the unbuffered channel (the next iteration deadlocks).

type Conn struct {
	mu      sync.Mutex
	writes  chan []byte
	written int
	nc      io.Writer
}

func NewConn(w io.Writer) *Conn {
	c := &Conn{writes: make(chan []byte), nc: w}
	go c.writeLoop()
	return c
}

func (c *Conn) writeLoop() {
	for b := range c.writes {
		n, _ := c.nc.Write(b)
		c.mu.Lock()
		c.written += n
		c.mu.Unlock()
	}
}

func (c *Conn) Send(b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes <- b // want `send on c.writes can block forever while holding c.mu: the receiver at line \d+ is the only one, and it may need c.mu first`
}

// Safe twin: Send releases the lock before it hands the buffer over.

type SafeConn struct {
	mu      sync.Mutex
	writes  chan []byte
	written int
	pending int
	nc      io.Writer
}

func NewSafeConn(w io.Writer) *SafeConn {
	c := &SafeConn{writes: make(chan []byte), nc: w}
	go c.writeLoop()
	return c
}

func (c *SafeConn) writeLoop() {
	for b := range c.writes {
		n, _ := c.nc.Write(b)
		c.mu.Lock()
		c.written += n
		c.mu.Unlock()
	}
}

func (c *SafeConn) Send(b []byte) {
	c.mu.Lock()
	c.pending++
	c.mu.Unlock()
	c.writes <- b
}

// ---- a store whose background loop compacts under the lock in one branch
// of its select: a Put that holds the lock and hands the key to the loop
// deadlocks whenever the ticker fired first.

type Store struct {
	mu    sync.Mutex
	data  map[string]string
	dirty chan string
}

func NewStore() *Store {
	s := &Store{data: map[string]string{}, dirty: make(chan string)}
	go s.loop()
	return s
}

func (s *Store) loop() {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			s.mu.Lock()
			for k := range s.data {
				if s.data[k] == "" {
					delete(s.data, k)
				}
			}
			s.mu.Unlock()
		case k := <-s.dirty:
			_ = k
		}
	}
}

func (s *Store) Put(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data[k] = v
	s.dirty <- k // want `send on s.dirty can block forever while holding s.mu: the receiver at line \d+ is the only one, and it may need s.mu first`
}

// Safe twin: the channel has room, and Put never waits for the loop.

type BufferedStore struct {
	mu    sync.Mutex
	data  map[string]string
	dirty chan string
}

func NewBufferedStore() *BufferedStore {
	s := &BufferedStore{data: map[string]string{}, dirty: make(chan string, 1)}
	go s.loop()
	return s
}

func (s *BufferedStore) loop() {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			s.mu.Lock()
			s.data = map[string]string{}
			s.mu.Unlock()
		case k := <-s.dirty:
			_ = k
		}
	}
}

func (s *BufferedStore) Put(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data[k] = v
	select {
	case s.dirty <- k:
	default:
	}
}

// Silent: several loops serve the channel (started in a loop), so one of
// them may be free to receive.

type ShardedStore struct {
	mu    sync.Mutex
	n     int
	dirty chan string
}

func NewShardedStore() *ShardedStore {
	s := &ShardedStore{dirty: make(chan string)}
	for i := 0; i < 4; i++ {
		go s.loop()
	}
	return s
}

func (s *ShardedStore) loop() {
	for k := range s.dirty {
		s.mu.Lock()
		s.n += len(k)
		s.mu.Unlock()
	}
}

func (s *ShardedStore) Put(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dirty <- k
}
