// Package prometheus_guardedcomment models a Prometheus-style data race on a
// field documented as guarded by a mutex: the rule manager's reload writes
// the last-error field without taking the lock its comment names.
package prometheus_guardedcomment

import (
	"sync"
	"time"
)

type Group struct {
	name string

	mtx           sync.Mutex
	lastError     error         // guarded by mtx
	evalDuration  time.Duration // guarded by mtx
	lastEvalStart time.Time     // guarded by mtx
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
	g.lastError = nil // WANT(guardedby)
}
