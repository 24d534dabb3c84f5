package inferred

import "sync"

// nats.go's server pool: addURL runs with nc.mu held from processInfo; a
// test calls it directly, without the lock, so the lock engine cannot say
// every caller holds it. Test callers are not concurrent callers.
type srvConn struct {
	mu   sync.Mutex
	pool []string
}

func (nc *srvConn) addURL(u string) {
	nc.pool = append(nc.pool, u)
}

func (nc *srvConn) processInfo(urls []string) {
	nc.mu.Lock()
	defer nc.mu.Unlock()
	for _, u := range urls {
		nc.addURL(u)
	}
}

func (nc *srvConn) Servers() []string {
	nc.mu.Lock()
	defer nc.mu.Unlock()
	return append([]string(nil), nc.pool...)
}

func (nc *srvConn) Reset() {
	nc.mu.Lock()
	nc.pool = nil
	nc.mu.Unlock()
}

func (nc *srvConn) Len() int {
	nc.mu.Lock()
	defer nc.mu.Unlock()
	return len(nc.pool)
}

// The bad twin: a reconnect path of the package calls the helper without
// the lock.
type srvConn2 struct {
	mu   sync.Mutex
	pool []string
}

func (nc *srvConn2) addURL(u string) {
	nc.pool = append(nc.pool, u) // want `nc.pool is read without nc.mu: accessed with nc.mu held in 3 of 4 places` `nc.pool is written without nc.mu: accessed with nc.mu held in 3 of 4 places`
}

func (nc *srvConn2) processInfo(urls []string) {
	nc.mu.Lock()
	defer nc.mu.Unlock()
	for _, u := range urls {
		nc.addURL(u)
	}
}

func (nc *srvConn2) reconnect(u string) {
	nc.addURL(u)
}

func (nc *srvConn2) Servers() []string {
	nc.mu.Lock()
	defer nc.mu.Unlock()
	return append([]string(nil), nc.pool...)
}

func (nc *srvConn2) Reset() {
	nc.mu.Lock()
	nc.pool = nil
	nc.mu.Unlock()
}

var _ = (*srvConn2).reconnect

func (nc *srvConn2) Len() int {
	nc.mu.Lock()
	defer nc.mu.Unlock()
	return len(nc.pool)
}

// The helper is also called by the constructor on the object it builds
// (nats.go's setupServerPool): a caller that owns the object needs no
// lock.
type srvConn3 struct {
	mu   sync.Mutex
	pool []string
}

func newSrvConn3(urls []string) *srvConn3 {
	nc := &srvConn3{}
	for _, u := range urls {
		nc.addURL(u)
	}
	return nc
}

func (nc *srvConn3) addURL(u string) {
	nc.pool = append(nc.pool, u)
}

func (nc *srvConn3) processInfo(urls []string) {
	nc.mu.Lock()
	defer nc.mu.Unlock()
	for _, u := range urls {
		nc.addURL(u)
	}
}

func (nc *srvConn3) Servers() []string {
	nc.mu.Lock()
	defer nc.mu.Unlock()
	return append([]string(nil), nc.pool...)
}

func (nc *srvConn3) Reset() {
	nc.mu.Lock()
	nc.pool = nil
	nc.mu.Unlock()
}

func (nc *srvConn3) Len() int {
	nc.mu.Lock()
	defer nc.mu.Unlock()
	return len(nc.pool)
}
