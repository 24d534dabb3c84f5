// Package docker_firsterror models a Docker/Moby bug: several goroutines
// report errors on one unbuffered channel and the collector returns on the
// first error. Every other goroutine that fails blocks forever on its send.
package docker_firsterror

import "fmt"

type layer struct {
	digest string
	size   int64
}

const maxDownloads = 3

type downloader struct {
	fetch func(l layer) error
}

// downloadAll fetches the layers with maxDownloads workers and returns the
// first error.
func (d *downloader) downloadAll(layers []layer) error {
	errs := make(chan error)
	for w := 0; w < maxDownloads; w++ {
		go func() {
			var err error
			for i := w; i < len(layers) && err == nil; i += maxDownloads {
				err = d.fetch(layers[i])
			}
			errs <- err // WANT(goroutineleak)
		}()
	}
	for w := 0; w < maxDownloads; w++ {
		if err := <-errs; err != nil {
			return fmt.Errorf("download failed: %w", err)
		}
	}
	return nil
}
