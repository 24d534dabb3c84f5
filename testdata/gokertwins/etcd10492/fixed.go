// Package etcd10492 is the fixed twin of GoKer kernel etcd10492, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package etcd10492

import (
	"context"
	"sync"
)

// Fixed: Renew calls the checkpointer after releasing the lease lock the
// checkpointer takes.

type lessor struct {
	mu sync.RWMutex
	cp func(context.Context)
}

func (le *lessor) checkpoint() {
	le.mu.Lock()
	defer le.mu.Unlock()
}

func (le *lessor) setCheckpointer(cp func(context.Context)) {
	le.mu.Lock()
	defer le.mu.Unlock()
	le.cp = cp
}

func (le *lessor) renew() {
	le.mu.Lock()
	cp := le.cp
	le.mu.Unlock()
	if cp != nil {
		cp(context.Background())
	}
}

func Run() {
	go func() {
		le := &lessor{}
		le.setCheckpointer(func(context.Context) { le.checkpoint() })
		le.renew()
	}()
}
