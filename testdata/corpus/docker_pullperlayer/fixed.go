package docker_pullperlayer

import "sync"

const maxConcurrentUploads = 5

// pushLayersFixed bounds the uploads with a semaphore channel.
func (p *pusher) pushLayersFixed(layers []Descriptor) []error {
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	sem := make(chan struct{}, maxConcurrentUploads)
	for _, d := range layers {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			defer wg.Done()
			if err := p.upload(d); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return errs
}
