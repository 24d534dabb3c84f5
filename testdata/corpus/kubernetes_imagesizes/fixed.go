package kubernetes_imagesizes

import "sync"

// collectFixed stores the sizes under the struct's mutex.
func collectFixed(rt runtime, images []string) *imageStats {
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
			st.mu.Lock()
			st.sizes[img] = n
			st.total += n
			st.mu.Unlock()
		}()
	}
	wg.Wait()
	return st
}
