// Package syncthing4829 is the fixed twin of GoKer kernel syncthing4829, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package syncthing4829

import "sync"

// Fixed: clearAddresses notifies after it releases the mapping's lock.

type mapping struct {
	mut       sync.RWMutex
	addresses map[string]int
}

func (m *mapping) clearAddresses() {
	m.mut.Lock()
	var removed []int
	for id, a := range m.addresses {
		removed = append(removed, a)
		delete(m.addresses, id)
	}
	m.mut.Unlock()
	if len(removed) > 0 {
		m.notify(removed)
	}
}

func (m *mapping) notify(removed []int) {
	m.mut.RLock()
	m.mut.RUnlock()
}

type service struct {
	mut      sync.RWMutex
	mappings []*mapping
}

func (s *service) removeMapping(m *mapping) {
	s.mut.Lock()
	defer s.mut.Unlock()
	for _, e := range s.mappings {
		if e == m {
			m.clearAddresses()
		}
	}
}

func Run() {
	go func() {
		s := &service{}
		m := &mapping{addresses: map[string]int{"test": 0}}
		s.mappings = append(s.mappings, m)
		s.removeMapping(m)
	}()
}
