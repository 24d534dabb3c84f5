// Package docker_pullperlayer models a Moby/Docker resource-exhaustion bug:
// pushing an image starts one goroutine per layer of a caller-supplied
// manifest with no limit, so a manifest with thousands of layers opens
// thousands of concurrent registry connections.
package docker_pullperlayer

import "sync"

type Descriptor struct {
	Digest string
	Size   int64
}

type pusher struct {
	upload func(d Descriptor) error
}

// pushLayers uploads every layer concurrently.
func (p *pusher) pushLayers(layers []Descriptor) []error {
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	for _, d := range layers {
		wg.Add(1)
		go func() { // WANT(unboundedgo)
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
