// Package cockroach16167 is the fixed twin of GoKer kernel cockroach16167, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package cockroach16167

import "sync"

// Fixed: the code that runs with the read lock held (through the Cond's
// RLocker) calls the Locked variant instead of taking the read lock again.

type executor struct {
	systemConfigCond *sync.Cond
	systemConfigMu   sync.RWMutex
}

func (e *executor) start() {
	e.systemConfigMu.Lock()
	defer e.systemConfigMu.Unlock()
}

func (e *executor) execParsed() {
	e.systemConfigCond.L.Lock()
	defer e.systemConfigCond.L.Unlock()
	e.getDatabaseCacheLocked()
}

func (e *executor) getDatabaseCacheLocked() {}

func Run() {
	e := &executor{}
	e.systemConfigCond = sync.NewCond(e.systemConfigMu.RLocker())
	go e.start()
	e.execParsed()
}
