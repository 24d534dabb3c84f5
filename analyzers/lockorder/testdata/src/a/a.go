package a // want package:"lockorder:a.Replica.mu->a.Store.mu a.Store.mu->a.Replica.mu .*"

import "sync"

// --- CockroachDB-style: Store.mu then Replica.mu, and the reverse. ---

type Store struct {
	mu       sync.Mutex
	replicas map[int64]*Replica
}

type Replica struct {
	mu        sync.Mutex
	destroyed bool
	store     *Store
}

func (s *Store) removeReplica(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.replicas[id]
	if r == nil {
		return
	}
	r.mu.Lock()
	r.destroyed = true
	r.mu.Unlock()
}

func (r *Replica) splitPostApply(id int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.store.mu.Lock() // want `lock-order inversion: Store.mu acquired here while holding Replica.mu, but \(\*Store\).removeReplica acquires Replica.mu while holding Store.mu \(a.go:\d+\): two goroutines running these can deadlock`
	r.store.replicas[id] = &Replica{store: r.store}
	r.store.mu.Unlock()
}

// Safe twin: the same order as removeReplica.
func (r *Replica) splitPostApplyFixed(id int64) {
	s := r.store
	s.mu.Lock()
	defer s.mu.Unlock()
	r.mu.Lock()
	d := r.destroyed
	r.mu.Unlock()
	if !d {
		s.replicas[id] = &Replica{store: s}
	}
}

// --- etcd-style: embedded mutexes, account-transfer shape. ---

type member struct {
	sync.Mutex
	learner bool
	cluster *cluster
}

type cluster struct {
	sync.Mutex
	members map[uint64]*member
}

func (c *cluster) updateAttributes(id uint64) {
	c.Lock()
	defer c.Unlock()
	m := c.members[id]
	m.Lock()
	m.learner = false
	m.Unlock()
}

func (m *member) promote(id uint64) {
	m.Lock()
	defer m.Unlock()
	m.cluster.Lock() // want `lock-order inversion: cluster.Mutex acquired here while holding member.Mutex`
	m.cluster.members[id] = m
	m.cluster.Unlock()
}

// --- Kubernetes-style: one order hidden in a callee. ---

type metrics struct {
	mu    sync.Mutex
	depth int
	q     *queue
}

type queue struct {
	mu    sync.Mutex
	items []string
	m     *metrics
}

func (m *metrics) observe(n int) {
	m.mu.Lock()
	m.depth = n
	m.mu.Unlock()
}

func (q *queue) Len() int {
	q.mu.Lock() // want `lock-order inversion: queue.mu acquired here while \(\*metrics\).flush holds metrics.mu \(it calls \(\*queue\).Len at a.go:\d+\), but \(\*queue\).Add acquires metrics.mu while holding queue.mu \(it calls \(\*metrics\).observe at a.go:\d+, locked at a.go:\d+\)`
	defer q.mu.Unlock()
	return len(q.items)
}

func (q *queue) Add(item string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, item)
	q.m.observe(len(q.items))
}

func (m *metrics) flush() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.depth = m.q.Len()
}

// Safe twin: read the length before taking the metrics lock.
func (m *metrics) flushFixed() {
	n := m.q.Len()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.depth = n
}

// --- Safe: a gate lock held around both orders. ---

type gate struct{ mu sync.Mutex }

type left struct{ mu sync.Mutex }

type right struct{ mu sync.Mutex }

func (g *gate) leftRight(l *left, r *right) {
	g.mu.Lock()
	defer g.mu.Unlock()
	l.mu.Lock()
	r.mu.Lock()
	r.mu.Unlock()
	l.mu.Unlock()
}

func (g *gate) rightLeft(l *left, r *right) {
	g.mu.Lock()
	defer g.mu.Unlock()
	r.mu.Lock()
	l.mu.Lock()
	l.mu.Unlock()
	r.mu.Unlock()
}

// --- Read-read on RWMutexes: no deadlock between two readers. ---

type catalog struct{ mu sync.RWMutex }

type index struct{ mu sync.RWMutex }

func lookupCatalogFirst(c *catalog, i *index) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	i.mu.RLock()
	i.mu.RUnlock()
}

func lookupIndexFirst(c *catalog, i *index) {
	i.mu.RLock()
	defer i.mu.RUnlock()
	c.mu.RLock()
	c.mu.RUnlock()
}

// A write side makes it a deadlock: the writer waits for the reader.
type table struct{ mu sync.RWMutex }

type schema struct{ mu sync.RWMutex }

func readTableSchema(t *table, s *schema) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	s.mu.RLock()
	s.mu.RUnlock()
}

func alterSchemaTable(t *table, s *schema) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t.mu.Lock() // want `lock-order inversion: table.mu acquired here while holding schema.mu, but readTableSchema acquires schema.mu \(read\) while holding table.mu \(read\)`
	t.mu.Unlock()
}

// --- Self class: parent and child nodes, a different problem. ---

type node struct {
	mu       sync.Mutex
	parent   *node
	children []*node
}

func (n *node) lockParentFirst() {
	n.parent.mu.Lock()
	n.mu.Lock()
	n.mu.Unlock()
	n.parent.mu.Unlock()
}

func (n *node) lockChildFirst(c *node) {
	c.mu.Lock()
	n.mu.Lock()
	n.mu.Unlock()
	c.mu.Unlock()
}

// --- Owned objects and local mutexes cannot be held by anyone else. ---

type registry struct {
	mu    sync.Mutex
	conns map[string]*conn
}

type conn struct {
	mu  sync.Mutex
	reg *registry
}

func (r *registry) add(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.conns[name].mu.Lock()
	r.conns[name].mu.Unlock()
}

func newConnLocked(reg *registry) *conn {
	c := &conn{reg: reg}
	c.mu.Lock() // c is new: nobody else can hold it
	reg.mu.Lock()
	reg.mu.Unlock()
	c.mu.Unlock()
	return c
}

func localLocks() {
	var a, b sync.Mutex
	a.Lock()
	b.Lock()
	b.Unlock()
	a.Unlock()
	b.Lock()
	a.Lock()
	a.Unlock()
	b.Unlock()
}

// --- Globals. ---

var (
	cfgMu   sync.Mutex
	stateMu sync.Mutex
)

func reload() {
	cfgMu.Lock()
	defer cfgMu.Unlock()
	stateMu.Lock()
	stateMu.Unlock()
}

func snapshot() {
	stateMu.Lock()
	defer stateMu.Unlock()
	cfgMu.Lock() // want `lock-order inversion: cfgMu acquired here while holding stateMu, but reload acquires stateMu while holding cfgMu`
	cfgMu.Unlock()
}

// Consistent order through a lock helper: no report.
type pool struct{ mu sync.Mutex }

type worker struct {
	mu sync.Mutex
	p  *pool
}

func (p *pool) lock()   { p.mu.Lock() }
func (p *pool) unlock() { p.mu.Unlock() }

func (w *worker) stop() {
	w.p.lock()
	defer w.p.unlock()
	w.mu.Lock()
	w.mu.Unlock()
}

func (w *worker) start() {
	w.p.lock()
	w.mu.Lock()
	w.mu.Unlock()
	w.p.unlock()
}

// --- Two values of one type embedded in one struct are two locks
// (crypto/tls: Conn.in and Conn.out are both halfConn). ---

type half struct {
	sync.Mutex
	seq int
}

type tconn struct {
	hs      sync.Mutex
	in, out half
}

func (c *tconn) read() {
	c.in.Lock()
	defer c.in.Unlock()
	c.hs.Lock()
	c.hs.Unlock()
}

func (c *tconn) renegotiate() {
	c.hs.Lock()
	defer c.hs.Unlock()
	c.out.Lock()
	c.out.Unlock()
}

func (c *tconn) write() {
	c.out.Lock()
	defer c.out.Unlock()
	c.hs.Lock() // want `lock-order inversion: tconn.hs acquired here while holding tconn.out.Mutex, but \(\*tconn\).renegotiate acquires tconn.out.Mutex while holding tconn.hs`
	c.hs.Unlock()
}

// --- An order taken only on a path that panics: a misuse check (net/http
// connReader.Read). ---

type srvConn struct {
	mu       sync.Mutex
	hijacked bool
	r        *connReader
}

type connReader struct {
	mu     sync.Mutex
	inRead bool
	conn   *srvConn
}

func (c *srvConn) isHijacked() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hijacked
}

func (cr *connReader) abort() {
	cr.mu.Lock()
	cr.inRead = false
	cr.mu.Unlock()
}

func (c *srvConn) hijack() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.r.abort()
	c.hijacked = true
}

func (cr *connReader) read() {
	cr.mu.Lock()
	if cr.inRead {
		h := cr.conn.isHijacked()
		cr.mu.Unlock()
		if h {
			panic("read after hijack")
		}
		panic("concurrent read")
	}
	cr.mu.Unlock()
}

// --- A callee that drops its caller's lock while it waits and takes it
// back: not an acquisition under the other lock. ---

type quic struct {
	hs     sync.Mutex
	in     sync.Mutex
	signal chan struct{}
}

// waitForSignal must be called with q.hs held.
func (q *quic) waitForSignal() {
	q.hs.Unlock()
	defer q.hs.Lock()
	<-q.signal
}

func (q *quic) readHandshake() {
	q.in.Lock()
	defer q.in.Unlock()
	q.readMsg()
}

// readMsg passes waitForSignal's contract on: q.hs held on entry.
func (q *quic) readMsg() {
	q.waitForSignal()
}

func (q *quic) handshake() {
	q.hs.Lock()
	defer q.hs.Unlock()
	q.in.Lock()
	q.in.Unlock()
}

// --- Globals of an unnamed struct type are named by the global. ---

var cache struct {
	sync.Mutex
	m map[string]int
}

var stats struct {
	sync.Mutex
	n int
}

func cacheThenStats() {
	cache.Lock()
	defer cache.Unlock()
	stats.Lock()
	stats.n++
	stats.Unlock()
}

func statsThenCache() {
	stats.Lock()
	defer stats.Unlock()
	cache.Lock() // want `lock-order inversion: cache.Mutex acquired here while holding stats.Mutex, but cacheThenStats acquires stats.Mutex while holding cache.Mutex`
	cache.Unlock()
}

// --- A callee that releases the caller's lock before it takes another
// (grpc's resetTransportAndUnlock): no order from the released lock. ---

type subConn struct {
	mu  sync.Mutex
	cc  *channel
	gen int
}

type channel struct {
	mu   sync.Mutex
	subs map[*subConn]bool
}

func (ac *subConn) connect() {
	ac.mu.Lock()
	ac.gen++
	ac.resetAndUnlock()
}

// resetAndUnlock must be called with ac.mu held; it releases it.
func (ac *subConn) resetAndUnlock() {
	ac.gen++
	ac.mu.Unlock()
	ac.cc.mu.Lock()
	ac.cc.mu.Unlock()
}

func (cc *channel) updateAll() {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	for ac := range cc.subs {
		ac.mu.Lock()
		ac.gen = 0
		ac.mu.Unlock()
	}
}
