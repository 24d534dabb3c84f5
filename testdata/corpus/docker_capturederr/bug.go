// Package docker_capturederr models a very common race in the Go bug
// studies (Docker, Kubernetes): goroutines started in a loop assign to an
// `err` variable declared in the enclosing function, which the function
// also reads after the loop. The writes race with each other and with the
// read.
package docker_capturederr

import "sync"

type volume struct{ name string }

type volumeStore struct {
	remove func(v volume) error
}

// purge removes every volume concurrently and returns an error if any failed.
func (s *volumeStore) purge(vols []volume) error {
	var err error
	var wg sync.WaitGroup
	for _, v := range vols {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if e := s.remove(v); e != nil {
				err = e // WANT(capturerace)
			}
		}()
	}
	wg.Wait()
	return err
}
