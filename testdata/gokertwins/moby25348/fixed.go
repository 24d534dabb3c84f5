// Package moby25348 is the fixed twin of GoKer kernel moby25348, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package moby25348

import "sync"

// Fixed: the manager waits for its plugins after starting all of them.

type plugin struct{}

type manager struct{ plugins []*plugin }

func (m *manager) init() {
	var group sync.WaitGroup
	group.Add(len(m.plugins))
	for _, p := range m.plugins {
		go func(p *plugin) {
			defer group.Done()
		}(p)
	}
	group.Wait()
}

func Run() {
	m := &manager{plugins: []*plugin{{}, {}}}
	go m.init()
}
