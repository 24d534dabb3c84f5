// Package kubernetes62464 is the fixed twin of GoKer kernel kubernetes62464, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package kubernetes62464

import (
	"math/rand"
	"sync"
)

// Fixed: GetCPUSetOrDefault reads both values with the Locked helpers
// under its one read lock.

type state struct{ sync.RWMutex }

func (s *state) getCPUSetOrDefault() {
	s.RLock()
	defer s.RUnlock()
	if s.getCPUSetLocked() {
		return
	}
	s.getDefaultCPUSetLocked()
}

func (s *state) getCPUSetLocked() bool { return rand.Intn(10) > 5 }

func (s *state) getDefaultCPUSetLocked() {}

func (s *state) getDefaultCPUSet() {
	s.RLock()
	defer s.RUnlock()
	s.getDefaultCPUSetLocked()
}

func (s *state) setDefaultCPUSet() {
	s.Lock()
	defer s.Unlock()
}

func Run() {
	s := &state{}
	go s.getCPUSetOrDefault()
	go func() {
		s.getDefaultCPUSet()
		s.setDefaultCPUSet()
	}()
}
