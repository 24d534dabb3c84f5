package docker_firsterror

import "fmt"

// downloadAllFixed sizes the buffer to the number of senders.
func (d *downloader) downloadAllFixed(layers []layer) error {
	errs := make(chan error, len(layers))
	for _, l := range layers {
		go func() {
			errs <- d.fetch(l)
		}()
	}
	for range layers {
		if err := <-errs; err != nil {
			return fmt.Errorf("download failed: %w", err)
		}
	}
	return nil
}
