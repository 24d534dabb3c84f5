package kubernetes_concurrentmapwrites

import "sync"

// attachAllFixed serialises the map writes.
func (a *attacher) attachAllFixed(vols []string) map[string]string {
	devices := make(map[string]string)
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	for w := 0; w < numAttachers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(vols); i += numAttachers {
				if dev, err := a.attach(vols[i]); err == nil {
					mu.Lock()
					devices[vols[i]] = dev
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return devices
}
