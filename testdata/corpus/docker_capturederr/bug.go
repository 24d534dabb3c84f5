// Package docker_capturederr models a very common race in the Go bug
// studies (Docker, Kubernetes): goroutines started in a loop assign to an
// `err` variable declared in the enclosing function, which the function
// also reads after the loop. The writes race with each other and with the
// read.
package docker_capturederr

import "sync"

type volume struct{ name string }

const purgeWorkers = 3

type volumeStore struct {
	remove func(v volume) error
}

// purge removes every volume with a few workers and returns an error if
// any removal failed.
func (s *volumeStore) purge(vols []volume) error {
	var err error
	var wg sync.WaitGroup
	for w := 0; w < purgeWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(vols); i += purgeWorkers {
				if e := s.remove(vols[i]); e != nil {
					err = e // WANT(capturerace)
				}
			}
		}()
	}
	wg.Wait()
	return err
}
