// Package dockerprefetch models a registry mirror's prefetch endpoint that
// decodes a JSON list of blob URLs from the request body and starts one
// fetch goroutine per URL. The number of goroutines (and outbound
// connections) is controlled entirely by the client's request.
package dockerprefetch

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// BlobStore caches fetched blobs.
type BlobStore interface {
	Put(ctx context.Context, url string, r io.Reader) (int64, error)
}

// Logger is the injected logger.
type Logger interface {
	Infof(format string, args ...any)
}

type prefetchRequest struct {
	URLs []string `json:"urls"`
}

type prefetchResult struct {
	URL   string `json:"url"`
	Bytes int64  `json:"bytes,omitempty"`
	Error string `json:"error,omitempty"`
}

// PrefetchHandler warms the mirror cache.
type PrefetchHandler struct {
	client  *http.Client
	store   BlobStore
	log     Logger
	timeout time.Duration
}

// NewPrefetchHandler returns a handler.
func NewPrefetchHandler(c *http.Client, s BlobStore, log Logger) *PrefetchHandler {
	return &PrefetchHandler{client: c, store: s, log: log, timeout: 5 * time.Minute}
}

func (h *PrefetchHandler) fetch(ctx context.Context, url string) prefetchResult {
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
func (h *PrefetchHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	var req prefetchRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "invalid body: "+err.Error(), http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.timeout)
	defer cancel()

	results := make([]prefetchResult, len(req.URLs))
	var wg sync.WaitGroup
	for i, u := range req.URLs {
		wg.Add(1)
		go func() { // WANT(unboundedgo)
			defer wg.Done()
			results[i] = h.fetch(ctx, u)
		}()
	}
	wg.Wait()
	h.log.Infof("prefetched %d blobs", len(results))
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(results)
}
