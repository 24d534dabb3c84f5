// Package docker_firsterror models a Docker/Moby bug: several goroutines
// report errors on one unbuffered channel and the collector returns on the
// first error. Every other goroutine that fails blocks forever on its send.
package docker_firsterror

import "fmt"

type layer struct {
	digest string
	size   int64
}

type downloader struct {
	fetch func(l layer) error
}

// downloadAll fetches every layer concurrently and returns the first error.
func (d *downloader) downloadAll(layers []layer) error {
	errs := make(chan error)
	for _, l := range layers {
		go func() {
			errs <- d.fetch(l) // WANT(goroutineleak)
		}()
	}
	for range layers {
		if err := <-errs; err != nil {
			return fmt.Errorf("download failed: %w", err)
		}
	}
	return nil
}
