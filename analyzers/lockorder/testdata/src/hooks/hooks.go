package hooks // want package:"lockorder:hooks.Bus.mu->hooks.Cache.mu hooks.Cache.mu->hooks.Bus.mu hooks.Log.mu->hooks.Index.mu hooks.Store.mu->hooks.Watcher.mu hooks.Watcher.mu->hooks.Store.mu"

// Package hooks: lock order inversions where one order runs through a
// method value stored in a struct field (s.onChange = s.handleChange) or
// through a handler registered in a map and invoked under another lock.

import "sync"

type Watcher struct {
	mu      sync.Mutex
	store   *Store
	pending []string
}

type Store struct {
	mu       sync.Mutex
	data     map[string]string
	w        *Watcher
	onChange func(key string)
}

func NewStore() *Store {
	s := &Store{data: map[string]string{}}
	s.w = &Watcher{store: s}
	s.onChange = s.handleChange
	return s
}

// handleChange takes the watcher's lock.
func (s *Store) handleChange(key string) {
	s.w.mu.Lock()
	s.w.pending = append(s.w.pending, key)
	s.w.mu.Unlock()
}

// Set holds s.mu while the change hook runs: Store.mu → Watcher.mu.
func (s *Store) Set(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data[k] = v
	s.onChange(k)
}

func (s *Store) Get(k string) string {
	s.mu.Lock() // want `lock-order inversion: Store.mu acquired here while \(\*Watcher\).Flush holds Watcher.mu \(it calls \(\*Store\).Get at hooks.go:\d+\), but \(\*Store\).Set acquires Watcher.mu while holding Store.mu \(it calls onChange → \(\*Store\).handleChange at hooks.go:\d+`
	defer s.mu.Unlock()
	return s.data[k]
}

// Flush holds w.mu and reads the store: Watcher.mu → Store.mu.
func (w *Watcher) Flush() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, k := range w.pending {
		out = append(out, w.store.Get(k))
	}
	w.pending = nil
	return out
}

// A handler table: Bus.mu is held while a handler runs; the handler
// takes Cache.mu; Cache.Publish takes Cache.mu then Bus.mu.
type Bus struct {
	mu       sync.Mutex
	handlers map[string]func(string)
	seq      int
}

type Cache struct {
	mu   sync.Mutex
	bus  *Bus
	last string
}

func NewCache() *Cache {
	c := &Cache{bus: &Bus{handlers: map[string]func(string){}}}
	c.bus.handlers["update"] = c.onUpdate
	return c
}

func (c *Cache) onUpdate(msg string) {
	c.mu.Lock()
	c.last = msg
	c.mu.Unlock()
}

func (b *Bus) Dispatch(topic, msg string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seq++
	if h, ok := b.handlers[topic]; ok {
		h(msg)
	}
}

func (c *Cache) Publish(msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last = msg
	c.bus.next()
}

func (b *Bus) next() int {
	b.mu.Lock() // want `lock-order inversion: Bus.mu acquired here while \(\*Cache\).Publish holds Cache.mu .* but \(\*Bus\).Dispatch acquires Cache.mu while holding Bus.mu \(through the field handlers, set to \(\*Cache\).onUpdate at`
	defer b.mu.Unlock()
	b.seq++
	return b.seq
}

// Safe twin: a consistent order (the hook runs after unlocking).
type Index struct {
	mu      sync.Mutex
	log     *Log
	onAdd   func(string)
	entries []string
}

type Log struct {
	mu    sync.Mutex
	idx   *Index
	lines []string
}

func NewIndex() *Index {
	i := &Index{log: &Log{}}
	i.log.idx = i
	i.onAdd = i.logAdd
	return i
}

func (i *Index) logAdd(e string) {
	i.log.mu.Lock()
	i.log.lines = append(i.log.lines, e)
	i.log.mu.Unlock()
}

func (i *Index) Add(e string) {
	i.mu.Lock()
	i.entries = append(i.entries, e)
	i.mu.Unlock()
	i.onAdd(e)
}

func (i *Index) Len() int {
	i.mu.Lock()
	defer i.mu.Unlock()
	return len(i.entries)
}

func (l *Log) Dump() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	_ = l.idx.Len()
	return l.lines
}
