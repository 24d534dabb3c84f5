// Package kubernetes_concurrentmapwrites models a Kubernetes crash
// ("fatal error: concurrent map writes"): volume attach results are written
// into a plain map from several attacher goroutines.
package kubernetes_concurrentmapwrites

import "sync"

const numAttachers = 4

type attacher struct {
	attach func(vol string) (string, error)
}

// attachAll attaches every volume and returns the device paths.
func (a *attacher) attachAll(vols []string) map[string]string {
	devices := make(map[string]string)
	var wg sync.WaitGroup
	for w := 0; w < numAttachers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(vols); i += numAttachers {
				if dev, err := a.attach(vols[i]); err == nil {
					devices[vols[i]] = dev // WANT(capturerace)
				}
			}
		}()
	}
	wg.Wait()
	return devices
}
