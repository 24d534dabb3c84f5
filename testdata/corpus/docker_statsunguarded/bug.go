// Package docker_statsunguarded models a Moby/Docker data race: the stats
// collector guards its subscriber map with a mutex everywhere except in the
// size check used by the collection loop, which reads the map without the
// lock while subscribers are added concurrently.
package docker_statsunguarded

import (
	"sync"
	"time"
)

type publisher struct{ ch chan []byte }

type statsCollector struct {
	m          sync.Mutex
	publishers map[string]*publisher // guarded by m
	interval   time.Duration
}

func (s *statsCollector) collect(id string) *publisher {
	s.m.Lock()
	defer s.m.Unlock()
	p, ok := s.publishers[id]
	if !ok {
		p = &publisher{ch: make(chan []byte, 1)}
		s.publishers[id] = p
	}
	return p
}

func (s *statsCollector) stopCollection(id string) {
	s.m.Lock()
	delete(s.publishers, id)
	s.m.Unlock()
}

func (s *statsCollector) publishAll(b []byte) {
	s.m.Lock()
	for _, p := range s.publishers {
		select {
		case p.ch <- b:
		default:
		}
	}
	s.m.Unlock()
}

// run is the collection loop; it checks for subscribers without the lock.
func (s *statsCollector) run(sample func() []byte) {
	for range time.Tick(s.interval) {
		if len(s.publishers) == 0 { // WANT(guardedby)
			continue
		}
		s.publishAll(sample())
	}
}
