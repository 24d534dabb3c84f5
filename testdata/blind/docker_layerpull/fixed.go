package dockerlayerpull

import (
	"context"
	"fmt"
	"sync"
)

// PullLayersFixed downloads every layer of m and returns the first failure.
func (p *Puller) PullLayersFixed(ctx context.Context, m Manifest) error {
	var (
		wg       sync.WaitGroup
		errMu    sync.Mutex
		firstErr error
		sem      = make(chan struct{}, maxConcurrentDownloads)
	)
	for _, layer := range m.Layers {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if dlErr := p.download(ctx, layer); dlErr != nil {
				p.progress.Update(layer.Digest, "Download failed")
				errMu.Lock()
				if firstErr == nil {
					firstErr = fmt.Errorf("pulling layer %s: %w", layer.Digest, dlErr)
				}
				errMu.Unlock()
			}
		}()
	}
	wg.Wait()
	return firstErr
}
