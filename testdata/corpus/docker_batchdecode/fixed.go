package docker_batchdecode

import (
	"encoding/json"
	"net/http"
	"sync"
)

// handleBatchDeleteFixed bounds the fan-out with a semaphore.
func (d *daemon) handleBatchDeleteFixed(w http.ResponseWriter, r *http.Request) {
	var req deleteRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for _, img := range req.Images {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			_ = d.remove(img)
		}()
	}
	wg.Wait()
	w.WriteHeader(http.StatusNoContent)
}
