package docker_capturederr

import "sync"

// purgeFixed guards the shared error with a mutex.
func (s *volumeStore) purgeFixed(vols []volume) error {
	var (
		mu  sync.Mutex
		err error
		wg  sync.WaitGroup
	)
	for w := 0; w < purgeWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(vols); i += purgeWorkers {
				if e := s.remove(vols[i]); e != nil {
					mu.Lock()
					err = e
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return err
}
