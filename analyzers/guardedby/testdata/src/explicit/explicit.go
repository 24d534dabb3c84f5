// Package explicit has fields whose guard is written down: the comment
// idioms of std, gRPC and Prometheus, and gVisor's +checklocks annotations.
package explicit

import (
	"fmt"
	"sync"
	"time"
)

// A rule group in the style of Prometheus' rules manager: each field says
// which lock guards it.
type Group struct {
	name string

	mtx           sync.Mutex
	lastError     error         // guarded by mtx
	evalDuration  time.Duration // protected by mtx
	lastEvalStart time.Time     // Guarded by mtx.
}

func (g *Group) LastError() error {
	g.mtx.Lock()
	defer g.mtx.Unlock()
	return g.lastError
}

func (g *Group) setEvaluated(d time.Duration, start time.Time) {
	g.mtx.Lock()
	g.evalDuration = d
	g.lastEvalStart = start
	g.mtx.Unlock()
}

// reset is called from the reload goroutine while Eval may run.
func (g *Group) reset() {
	g.lastError = nil // want `g.lastError is written without g.mtx: its declaration says it is guarded by mtx`
}

func (g *Group) EvalDuration() time.Duration {
	return g.evalDuration // want `g.evalDuration is read without g.mtx: its declaration says it is guarded by mtx`
}

// resetSafe is the fixed twin of reset.
func (g *Group) resetSafe() {
	g.mtx.Lock()
	g.lastError = nil
	g.mtx.Unlock()
}

// Accesses before the group is shared are not reported (a constructor).
func NewGroup(name string) *Group {
	g := &Group{name: name}
	g.lastError = nil
	g.evalDuration = time.Second
	return g
}

// The std idiom: the mutex's comment says it guards the fields after it,
// up to a blank line.
type balancer struct {
	mu       sync.Mutex // guards following
	picker   string
	subConns map[string]int
	closed   bool

	target string // not guarded: after the blank line
}

func (b *balancer) UpdateState(p string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.picker = p
}

func (b *balancer) Pick() string {
	return b.picker // want `b.picker is read without b.mu: its declaration says it is guarded by mu`
}

func (b *balancer) PickSafe() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.picker
}

func (b *balancer) Target() string { return b.target }

func (b *balancer) Close() {
	b.closed = true             // want `b.closed is written without b.mu: its declaration says it is guarded by mu`
	for k := range b.subConns { // want `b.subConns is read without b.mu: its declaration says it is guarded by mu`
		_ = k
	}
}

func (b *balancer) CloseSafe() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	clear(b.subConns)
}

// "mu protects the fields below" and "protects x and y" forms, on an
// RWMutex, in a gRPC-style connection.
type addrConn struct {
	// mu protects the fields below.
	mu    sync.RWMutex
	state int
	addrs []string

	// stateMu protects curAddr and backoff.
	stateMu sync.Mutex
	curAddr string
	backoff time.Duration
	id      int
}

func (ac *addrConn) getState() int {
	ac.mu.RLock()
	defer ac.mu.RUnlock()
	return ac.state
}

func (ac *addrConn) connect() {
	ac.stateMu.Lock()
	ac.curAddr = ac.addrs[0] // want `ac.addrs is read without ac.mu: its declaration says it is guarded by mu`
	ac.stateMu.Unlock()
}

func (ac *addrConn) resetBackoff() {
	ac.backoff = 0 // want `ac.backoff is written without ac.stateMu: its declaration says it is guarded by stateMu`
	ac.id++        // not named by the comment
}

// A function documented as needing the lock is checked by its callers.
//
// updateAddrsLocked must be called with ac.mu held.
func (ac *addrConn) updateAddrsLocked(addrs []string) {
	ac.addrs = addrs
}

// setState requires ac.mu to be held.
func (ac *addrConn) setState(s int) {
	ac.state = s
}

// Caller must hold ac.stateMu.
func (ac *addrConn) nextBackoff() time.Duration {
	ac.backoff *= 2
	return ac.backoff
}

// A lock helper summarised by the engine: releaseLocked unlocks a lock it did
// not take, so the caller holds it on entry.
func (ac *addrConn) swapAndUnlock(s int) {
	ac.state = s
	ac.mu.Unlock()
}

// String is a debug dump: reads without the lock are not reported by default.
func (ac *addrConn) String() string {
	return fmt.Sprintf("addrConn(%d, %v)", ac.state, ac.addrs)
}

// gVisor's annotations.
type endpoint struct {
	mu sync.Mutex

	// +checklocks:mu
	rcvBuf []byte
	// +checklocks:mu
	closed bool

	// +checklocks:nosuch
	stale int // want `\+checklocks:nosuch names no lock: endpoint has no field nosuch`

	// +checklocks:rcvBuf
	wrong int // want `\+checklocks:rcvBuf names rcvBuf, which is not a mutex`

	// +checklocks
	bare int // want `malformed annotation "\+checklocks": want \+checklocks:<lock>`

	// +checklockz:mu
	typo int // want `unknown annotation "\+checklockz:mu"`
}

func (e *endpoint) Read() []byte {
	e.mu.Lock()
	defer e.mu.Unlock()
	b := e.rcvBuf
	e.rcvBuf = nil
	return b
}

func (e *endpoint) Peek() int {
	return len(e.rcvBuf) // want `e.rcvBuf is read without e.mu: annotated \+checklocks:mu`
}

// +checklocks:e.mu
func (e *endpoint) closeLocked() {
	e.closed = true
}

// +checklocks:e.mu
func (e *endpoint) drain() {
	e.rcvBuf = e.rcvBuf[:0]
}

// +checklocksignore
func (e *endpoint) racyStats() int {
	return len(e.rcvBuf)
}

// +checklocks:x.mu
func (e *endpoint) badParam() {} // want `\+checklocks:x.mu names no parameter x of badParam`

func (e *endpoint) Close() {
	e.mu.Lock()
	e.closeLocked()
	e.drain()
	e.mu.Unlock()
}

// Package variables: "mu protects the following variables".
var (
	regMu    sync.Mutex // protects the following variables
	handlers = map[string]func(){}
	order    []string
)

func Register(name string, h func()) {
	regMu.Lock()
	defer regMu.Unlock()
	handlers[name] = h
	order = append(order, name)
}

func Lookup(name string) func() {
	return handlers[name] // want `handlers is read without regMu: its declaration says it is guarded by regMu`
}

func LookupSafe(name string) func() {
	regMu.Lock()
	defer regMu.Unlock()
	return handlers[name]
}

// Package initialisation runs before any goroutine.
func init() {
	handlers["default"] = func() {}
}

// Prose that names no field is not a guard, and not reported.
type proseOnly struct {
	mu   sync.Mutex // protects simultaneous flushes from interleaving
	n    int        // guarded by the caller
	hits int        // protected by STW.
}

func (p *proseOnly) bump() { p.n++; p.hits++ }

// A closure called in place while the lock is held sees the lock.
func (g *Group) sortedErrors(others []*Group) {
	g.mtx.Lock()
	defer g.mtx.Unlock()
	func() {
		g.lastError = nil
	}()
}

// A goroutine does not hold its spawner's lock.
func (g *Group) asyncReset() {
	g.mtx.Lock()
	defer g.mtx.Unlock()
	go func() {
		g.lastError = nil // want `g.lastError is written without g.mtx: its declaration says it is guarded by mtx`
	}()
}
