package ycb // want package:`lockorder:example.com/xcb.Registry.mu->example.com/ycb.Controller.mu example.com/xcb.Registry.mu->example.com/ycb.Indexer.mu example.com/xcb.Registry.mu->example.com/ycb.Node.mu example.com/xcb.Registry.mu->example.com/ycb.Node2.mu example.com/ycb.Controller.mu->example.com/xcb.Registry.mu example.com/ycb.Controller2.mu->example.com/xcb.Registry.mu example.com/ycb.Indexer.mu->example.com/xcb.Registry.mu example.com/ycb.Journal.mu->example.com/xcb.Registry.mu example.com/ycb.Mirror.mu->example.com/xcb.Registry.mu example.com/ycb.Node.mu->example.com/xcb.Registry.mu example.com/xcb.Registry.mu->call example.com/xcb.Watcher.Changed`

// ycb uses xcb: its callbacks and its Watcher implementation take
// its own locks while xcb.Registry.mu is held, and elsewhere it calls into
// the registry with those locks held: ABBA across two packages.

import (
	"sync"

	"example.com/xcb"
)

// Controller: ForEach's callback takes c.mu under Registry.mu; Lookup
// takes Registry.mu under c.mu.
type Controller struct {
	mu    sync.Mutex
	reg   *xcb.Registry
	count int
}

func (c *Controller) Sync() {
	c.reg.ForEach(func(k string, it *xcb.Item) {
		c.mu.Lock()
		c.count += it.N
		c.mu.Unlock()
	})
}

func (c *Controller) Lookup(k string) *xcb.Item {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reg.Get(k) // want `lock-order inversion: xcb.Registry.mu acquired by this call to \(\*xcb.Registry\).Get \(locked at xcb.go:\d+\) while holding Controller.mu, but \(\*Controller\).Sync acquires Controller.mu while holding xcb.Registry.mu \(in a callback: \(\*xcb.Registry\).ForEach calls it at xcb.go:\d+ while holding xcb.Registry.mu; locked at ycb.go:\d+\)`
}

// Safe twin: the callback runs after the registry unlocked; the order
// Controller.mu → Registry.mu stays the only one.
type Controller2 struct {
	mu    sync.Mutex
	reg   *xcb.Registry
	count int
}

func (c *Controller2) Sync() {
	c.reg.Snapshot(func(m map[string]*xcb.Item) {
		c.mu.Lock()
		c.count = len(m)
		c.mu.Unlock()
	})
}

func (c *Controller2) Lookup(k string) *xcb.Item {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reg.Get(k)
}

// Through a wrapper that passes the callback on (Visit → ForEach).
type Indexer struct {
	mu  sync.Mutex
	reg *xcb.Registry
	idx map[string]int
}

func (x *Indexer) Rebuild() {
	x.reg.Visit(func(k string, it *xcb.Item) {
		x.add(k, it.N)
	})
}

func (x *Indexer) add(k string, n int) {
	x.mu.Lock()
	x.idx[k] = n
	x.mu.Unlock()
}

func (x *Indexer) Check(k string) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.reg.Get(k) != nil // want `lock-order inversion: xcb.Registry.mu acquired by this call to \(\*xcb.Registry\).Get .* while holding Indexer.mu, but \(\*Indexer\).Rebuild acquires Indexer.mu while holding xcb.Registry.mu \(in a callback: \(\*xcb.Registry\).Visit → \(\*xcb.Registry\).ForEach calls it at xcb.go:\d+ while holding xcb.Registry.mu; it calls \(\*Indexer\).add, locked at ycb.go:\d+\)`
}

// Node implements xcb.Watcher: Set calls Changed with Registry.mu held,
// and Changed takes Node.mu; Flush takes Registry.mu under Node.mu.
type Node struct {
	mu    sync.Mutex
	reg   *xcb.Registry
	dirty map[string]bool
}

func NewNode(reg *xcb.Registry) *Node {
	n := &Node{reg: reg, dirty: map[string]bool{}}
	reg.Watch(n)
	return n
}

func (n *Node) Changed(k string) {
	n.mu.Lock()
	n.dirty[k] = true
	n.mu.Unlock()
}

func (n *Node) Flush() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for k := range n.dirty {
		n.reg.Get(k) // want `lock-order inversion: xcb.Registry.mu acquired by this call to \(\*xcb.Registry\).Get .* while holding Node.mu, but \(\*Node\).Changed acquires Node.mu while holding xcb.Registry.mu \(it implements xcb.Watcher.Changed, which \(\*xcb.Registry\).Set calls \(through \(\*xcb.Registry\).notify at xcb.go:\d+\) while holding xcb.Registry.mu; locked at ycb.go:\d+\)`
	}
}

// Safe twin: Flush copies the keys and calls the registry unlocked.
type Node2 struct {
	mu    sync.Mutex
	reg   *xcb.Registry
	dirty map[string]bool
}

func NewNode2() *Node2 {
	n := &Node2{dirty: map[string]bool{}}
	n.reg = xcb.New(xcb.Options{Watcher: n})
	return n
}

func (n *Node2) Changed(k string) {
	n.mu.Lock()
	n.dirty[k] = true
	n.mu.Unlock()
}

func (n *Node2) Flush() {
	n.mu.Lock()
	keys := make([]string, 0, len(n.dirty))
	for k := range n.dirty {
		keys = append(keys, k)
	}
	n.mu.Unlock()
	for _, k := range keys {
		n.reg.Get(k)
	}
}

// Safe: Mirror implements xcb.Watcher but is never handed to the
// registry (it watches something else): Registry.Set does not call it.
type Mirror struct {
	mu   sync.Mutex
	reg  *xcb.Registry
	seen []string
}

func (m *Mirror) Changed(k string) {
	m.mu.Lock()
	m.seen = append(m.seen, k)
	m.mu.Unlock()
}

func (m *Mirror) Sync() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, k := range m.seen {
		m.reg.Get(k)
	}
}

// Safe: Journal is handed to the registry as an Auditor, not as its
// Watcher.
type Journal struct {
	mu   sync.Mutex
	reg  *xcb.Registry
	keys []string
}

func NewJournal(reg *xcb.Registry) *Journal {
	j := &Journal{reg: reg}
	reg.SetAuditor(j)
	return j
}

func (j *Journal) Audit(msg string) {}

func (j *Journal) Changed(k string) {
	j.mu.Lock()
	j.keys = append(j.keys, k)
	j.mu.Unlock()
}

func (j *Journal) Replay() {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, k := range j.keys {
		j.reg.Get(k)
	}
}

type feed interface{ Changed(string) }

func Follow(m *Mirror) feed { return m }
