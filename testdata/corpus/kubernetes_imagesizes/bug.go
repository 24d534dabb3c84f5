// Package kubernetes_imagesizes models a Kubernetes kubelet crash
// ("concurrent map writes"): image sizes are measured concurrently and
// every goroutine stores its result into a map held in a field of a
// struct shared by all of them.
package kubernetes_imagesizes

import "sync"

type imageStats struct {
	mu    sync.Mutex
	sizes map[string]int64
	total int64
}

type runtime interface {
	ImageSize(image string) (int64, error)
}

// collect measures every image concurrently.
func collect(rt runtime, images []string) *imageStats {
	st := &imageStats{sizes: make(map[string]int64)}
	var wg sync.WaitGroup
	for _, img := range images {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := rt.ImageSize(img)
			if err != nil {
				return
			}
			st.sizes[img] = n // WANT(capturerace)
		}()
	}
	wg.Wait()
	return st
}
