// Package docker_batchdecode models a resource-exhaustion bug in an API
// handler: the request body is a JSON batch and the handler starts one
// goroutine per item, so a client decides how many run (one request with
// a hundred thousand items starts a hundred thousand goroutines).
package docker_batchdecode

import (
	"encoding/json"
	"net/http"
	"sync"
)

type deleteRequest struct {
	Images []string `json:"images"`
}

type daemon struct {
	remove func(image string) error
}

// handleBatchDelete removes every image of the request concurrently.
func (d *daemon) handleBatchDelete(w http.ResponseWriter, r *http.Request) {
	var req deleteRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var wg sync.WaitGroup
	for _, img := range req.Images {
		wg.Add(1)
		go func() { // WANT(unboundedgo)
			defer wg.Done()
			_ = d.remove(img)
		}()
	}
	wg.Wait()
	w.WriteHeader(http.StatusNoContent)
}
