// Package docker_waitinloop models a Docker/Moby bug (moby #25384): a
// plugin manager counts every plugin on a WaitGroup before its loop, starts
// one goroutine per plugin, and waits inside the loop. The first Wait runs
// when only one goroutine has started, so with two or more plugins it
// blocks forever.
package docker_waitinloop

import "sync"

type plugin struct {
	name string
	load func() error
}

type manager struct {
	plugins []*plugin
	errs    []error
	mu      sync.Mutex
}

func (pm *manager) record(err error) {
	pm.mu.Lock()
	pm.errs = append(pm.errs, err)
	pm.mu.Unlock()
}

// reload loads every plugin concurrently.
func (pm *manager) reload() {
	var group sync.WaitGroup
	group.Add(len(pm.plugins))
	for _, p := range pm.plugins {
		go func(p *plugin) {
			defer group.Done()
			if err := p.load(); err != nil {
				pm.record(err)
			}
		}(p)
		group.Wait() // WANT(goroutineleak)
	}
}
