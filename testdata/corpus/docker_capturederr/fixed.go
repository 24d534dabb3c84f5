package docker_capturederr

import "sync"

// purgeFixed guards the shared error with a mutex.
func (s *volumeStore) purgeFixed(vols []volume) error {
	var (
		mu  sync.Mutex
		err error
		wg  sync.WaitGroup
	)
	for _, v := range vols {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if e := s.remove(v); e != nil {
				mu.Lock()
				err = e
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return err
}
