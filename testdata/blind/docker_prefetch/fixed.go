package dockerprefetch

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

const (
	maxPrefetchURLs        = 256
	maxConcurrentPrefetch  = 8
	maxPrefetchRequestBody = 1 << 20
)

// PrefetchHandlerFixed warms the mirror cache with a fixed number of fetch
// workers and a cap on the request size.
type PrefetchHandlerFixed struct {
	client  *http.Client
	store   BlobStore
	log     Logger
	timeout time.Duration
	workers int
}

// NewPrefetchHandlerFixed returns a handler.
func NewPrefetchHandlerFixed(c *http.Client, s BlobStore, log Logger) *PrefetchHandlerFixed {
	return &PrefetchHandlerFixed{client: c, store: s, log: log, timeout: 5 * time.Minute, workers: maxConcurrentPrefetch}
}

func (h *PrefetchHandlerFixed) fetch(ctx context.Context, url string) prefetchResult {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return prefetchResult{URL: url, Error: err.Error()}
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return prefetchResult{URL: url, Error: err.Error()}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return prefetchResult{URL: url, Error: fmt.Sprintf("upstream status %d", resp.StatusCode)}
	}
	n, err := h.store.Put(ctx, url, resp.Body)
	if err != nil {
		return prefetchResult{URL: url, Error: err.Error()}
	}
	return prefetchResult{URL: url, Bytes: n}
}

// ServeHTTP handles POST /v2/_prefetch.
func (h *PrefetchHandlerFixed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	var req prefetchRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxPrefetchRequestBody)).Decode(&req); err != nil {
		http.Error(w, "invalid body: "+err.Error(), http.StatusBadRequest)
		return
	}
	if len(req.URLs) > maxPrefetchURLs {
		http.Error(w, fmt.Sprintf("too many urls: %d > %d", len(req.URLs), maxPrefetchURLs), http.StatusRequestEntityTooLarge)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.timeout)
	defer cancel()

	results := make([]prefetchResult, len(req.URLs))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(h.workers, len(req.URLs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = h.fetch(ctx, req.URLs[i])
			}
		}()
	}
	for i := range req.URLs {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	h.log.Infof("prefetched %d blobs", len(results))
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(results)
}
