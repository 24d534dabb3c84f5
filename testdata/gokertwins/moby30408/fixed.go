// Package moby30408 is the fixed twin of GoKer kernel moby30408, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package moby30408

import (
	"errors"
	"sync"
)

// Fixed: a failed activation broadcasts too, and waitActive stops waiting
// on an error.

type plugin struct {
	cond      *sync.Cond
	activated bool
	err       error
}

func (p *plugin) activate(err error) {
	p.cond.L.Lock()
	defer p.cond.L.Unlock()
	if err != nil {
		p.err = err
	} else {
		p.activated = true
	}
	p.cond.Broadcast()
}

func (p *plugin) waitActive() error {
	p.cond.L.Lock()
	defer p.cond.L.Unlock()
	for !p.activated && p.err == nil {
		p.cond.Wait()
	}
	return p.err
}

func Run() {
	p := &plugin{cond: sync.NewCond(&sync.Mutex{})}
	go p.activate(errors.New("failed"))
	done := make(chan struct{})
	go func() {
		_ = p.waitActive()
		close(done)
	}()
	<-done
}
