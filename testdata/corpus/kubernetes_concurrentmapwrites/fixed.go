package kubernetes_concurrentmapwrites

import "sync"

// attachAllFixed serialises the map writes.
func (a *attacher) attachAllFixed(vols []string) map[string]string {
	devices := make(map[string]string)
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	for _, v := range vols {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if dev, err := a.attach(v); err == nil {
				mu.Lock()
				devices[v] = dev
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return devices
}
