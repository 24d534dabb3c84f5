// Package decodehelper starts goroutines per element of collections a
// helper of the package decodes from a request or a stream: the size is
// still the sender's choice, one call away.
package decodehelper

import (
	"encoding/json"
	"io"
	"net/http"
	"sync"
)

type item struct{ ID string }

type batch struct {
	Items []item `json:"items"`
}

func handle(it item) {}

// parseItems decodes the items of a batch.
func parseItems(r io.Reader) ([]item, error) {
	var b batch
	if err := json.NewDecoder(r).Decode(&b); err != nil {
		return nil, err
	}
	return b.Items, nil
}

// An HTTP handler: one goroutine per item of the request body.
func serveBatch(w http.ResponseWriter, r *http.Request) {
	items, err := parseItems(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	for _, it := range items {
		go handle(it) // want `goroutine started for every element of items \(the result of parseItems, decoded from the request by json.NewDecoder\(r\).Decode\) with no bound`
	}
}

// Safe twin: a fixed pool of workers takes the items from a channel.
func serveBatchPool(w http.ResponseWriter, r *http.Request) {
	items, err := parseItems(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	jobs := make(chan item)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range jobs {
				handle(it)
			}
		}()
	}
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
	wg.Wait()
}

// readIDs unmarshals a list of ids from a body read in full.
func readIDs(body io.Reader) []string {
	data, err := io.ReadAll(body)
	if err != nil {
		return nil
	}
	var ids []string
	if json.Unmarshal(data, &ids) != nil {
		return nil
	}
	return ids
}

func lookup(id string) {}

// A peer's stream: one goroutine per id.
func serveIDs(conn io.Reader) {
	var wg sync.WaitGroup
	for _, id := range readIDs(conn) {
		wg.Add(1)
		go func() { // want `goroutine started for every element of readIDs\(conn\) \(the result of readIDs, decoded by json.Unmarshal\) with no bound`
			defer wg.Done()
			lookup(id)
		}()
	}
	wg.Wait()
}

// defaultIDs returns a fixed list: a helper that decodes nothing.
func defaultIDs() []string { return []string{"a", "b"} }

// Safe twin: the helper's result is not input.
func serveDefaults() {
	for _, id := range defaultIDs() {
		go lookup(id)
	}
}

// Safe twin: a semaphore bounds the fan-out.
func serveIDsBounded(conn io.Reader) {
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for _, id := range readIDs(conn) {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			lookup(id)
		}()
	}
	wg.Wait()
}
