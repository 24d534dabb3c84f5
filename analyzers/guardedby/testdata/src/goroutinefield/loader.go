package goroutinefield

import (
	"sync"
)

// A loader goroutine filling a cache field that Get reads.
type Cache struct {
	src   func() (map[string]string, error)
	items map[string]string
}

func NewCache(src func() (map[string]string, error)) *Cache {
	c := &Cache{src: src}
	go c.load()
	return c
}

func (c *Cache) load() {
	m, err := c.src()
	if err != nil {
		return
	}
	c.items = m // want `c.items is assigned by the goroutine started at loader.go:\d+ and read by Get without synchronization`
}

func (c *Cache) Get(k string) (string, bool) {
	v, ok := c.items[k]
	return v, ok
}

// Safe twin: Get waits on the loaded channel that load closes after the
// assignment.
type readyCache struct {
	src    func() map[string]string
	loaded chan struct{}
	items  map[string]string
}

func newReadyCache(src func() map[string]string) *readyCache {
	c := &readyCache{src: src, loaded: make(chan struct{})}
	go func() {
		c.items = c.src()
		close(c.loaded)
	}()
	return c
}

func (c *readyCache) Get(k string) string {
	<-c.loaded
	return c.items[k]
}

// Safe twin: sync.Once runs the load in the reader's goroutine.
type onceCache struct {
	once  sync.Once
	src   func() map[string]string
	items map[string]string
}

func (c *onceCache) Get(k string) string {
	c.once.Do(func() { c.items = c.src() })
	return c.items[k]
}

// Safe twin: the goroutine sends the result and the reader takes it from
// the channel.
type asyncLoad struct {
	src    func() map[string]string
	result chan map[string]string
	items  map[string]string
}

func (l *asyncLoad) Start() {
	l.result = make(chan map[string]string, 1)
	go func() {
		m := l.src()
		l.items = m
		l.result <- m
	}()
}

func (l *asyncLoad) Wait() map[string]string {
	m := <-l.result
	_ = l.items
	return m
}

// Safe twin: the spawner fills the cache, then starts the refresher that
// reads it.
type prefilled struct {
	items map[string]string
	src   func() map[string]string
}

func newPrefilled(src func() map[string]string) *prefilled {
	c := &prefilled{src: src}
	c.items = src()
	go c.report()
	return c
}

func (c *prefilled) report() {
	for range c.items {
	}
}

func (c *prefilled) Len() int { return len(c.items) }

// Known miss: the loader fills the map in place (c.items[k] = v) instead of
// assigning the field; element writes are not "published" fields, and the
// inferred and rangeafter sub-checks are about locked maps. No want.
type fillCache struct {
	items map[string]string
}

func newFillCache(keys []string) *fillCache {
	c := &fillCache{items: map[string]string{}}
	go func() {
		for _, k := range keys {
			c.items[k] = k
		}
	}()
	return c
}

func (c *fillCache) Get(k string) string { return c.items[k] }

// Safe twin: the connection's goroutine builds one request per message
// and writes its fields; the request's getters read another object than
// the one the goroutine was started on (net/http's serve loop).
type server struct {
	handle func(*request)
}

type request struct {
	body string
}

func (r *request) parse(line string) { r.body = line }

func (r *request) Body() string { return r.body }

func (s *server) Serve(lines <-chan string) {
	go s.serve(lines)
}

func (s *server) serve(lines <-chan string) {
	for {
		r := new(request)
		line, ok := <-lines
		if !ok {
			return
		}
		r.parse(line)
		s.handle(r)
	}
}
