package docker_boundedremove

import "sync"

// pruneFixed keeps the first error under a mutex.
func (s *store) pruneFixed(vols []volume) error {
	var (
		mu  sync.Mutex
		err error
		wg  sync.WaitGroup
	)
	sem := make(chan struct{}, 8)
	for _, v := range vols {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if e := s.remove(v); e != nil {
				mu.Lock()
				if err == nil {
					err = e
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return err
}
