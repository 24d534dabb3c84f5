// Package docker_boundedremove models a Moby/Docker data race in volume
// pruning: removals run with at most eight in flight (a semaphore
// channel), and every goroutine may assign the captured error. A bound on
// concurrency is not a lock: eight goroutines write err at once.
package docker_boundedremove

import "sync"

type volume struct{ name string }

type store struct {
	remove func(v volume) error
}

// prune removes every volume, eight at a time.
func (s *store) prune(vols []volume) error {
	var err error
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for _, v := range vols {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if e := s.remove(v); e != nil {
				err = e // WANT(capturerace)
			}
		}()
	}
	wg.Wait()
	return err
}
