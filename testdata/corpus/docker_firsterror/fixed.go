package docker_firsterror

import "fmt"

// downloadAllFixed sizes the buffer to the number of senders.
func (d *downloader) downloadAllFixed(layers []layer) error {
	errs := make(chan error, maxDownloads)
	for w := 0; w < maxDownloads; w++ {
		go func() {
			var err error
			for i := w; i < len(layers) && err == nil; i += maxDownloads {
				err = d.fetch(layers[i])
			}
			errs <- err
		}()
	}
	for w := 0; w < maxDownloads; w++ {
		if err := <-errs; err != nil {
			return fmt.Errorf("download failed: %w", err)
		}
	}
	return nil
}
