// Package kubernetes_concurrentmapwrites models a Kubernetes crash
// ("fatal error: concurrent map writes"): volume attach results are written
// into a plain map from one goroutine per volume.
package kubernetes_concurrentmapwrites

import "sync"

type attacher struct {
	attach func(vol string) (string, error)
}

// attachAll attaches every volume and returns the device paths.
func (a *attacher) attachAll(vols []string) map[string]string {
	devices := make(map[string]string)
	var wg sync.WaitGroup
	for _, v := range vols {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if dev, err := a.attach(v); err == nil {
				devices[v] = dev // WANT(capturerace)
			}
		}()
	}
	wg.Wait()
	return devices
}
