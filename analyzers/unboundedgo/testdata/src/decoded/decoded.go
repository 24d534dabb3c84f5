// Package decoded starts goroutines per element of collections decoded
// from requests and streams: their size is the sender's choice.
package decoded

import (
	"context"
	"encoding/gob"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"sync"

	"golang.org/x/sync/errgroup"
)

type item struct{ ID string }

type batchRequest struct {
	Items []item `json:"items"`
}

func process(it item) {}

// An HTTP handler starting a goroutine per item of the request body.
func handleBatch(w http.ResponseWriter, r *http.Request) {
	var req batchRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var wg sync.WaitGroup
	for _, it := range req.Items {
		wg.Add(1)
		go func() { // want `goroutine started for every element of req.Items \(decoded from the request by json.NewDecoder\(r.Body\).Decode\) with no bound`
			defer wg.Done()
			process(it)
		}()
	}
	wg.Wait()
}

// Safe twin: a semaphore bounds the fan-out.
func handleBatchSem(w http.ResponseWriter, r *http.Request) {
	var req batchRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	sem := make(chan struct{}, 16)
	var wg sync.WaitGroup
	for _, it := range req.Items {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			process(it)
		}()
	}
	wg.Wait()
}

// json.Unmarshal of a body read in full.
func handleIDs(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	var ids []string
	if err := json.Unmarshal(body, &ids); err != nil {
		return
	}
	g, ctx := errgroup.WithContext(r.Context())
	for _, id := range ids {
		g.Go(func() error { return lookup(ctx, id) }) // want `goroutine started for every element of ids \(decoded by json.Unmarshal\) with no bound: call g.SetLimit before the loop`
	}
	_ = g.Wait()
}

// Safe twin: SetLimit.
func handleIDsLimited(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	var ids []string
	if err := json.Unmarshal(body, &ids); err != nil {
		return
	}
	g, ctx := errgroup.WithContext(r.Context())
	g.SetLimit(8)
	for _, id := range ids {
		g.Go(func() error { return lookup(ctx, id) })
	}
	_ = g.Wait()
}

func lookup(ctx context.Context, id string) error { return nil }

type manifest struct {
	Layers []item `xml:"layer"`
}

// A gob stream of batches from a peer.
func serveBatches(conn io.Reader) error {
	dec := gob.NewDecoder(conn)
	var batch []item
	if err := dec.Decode(&batch); err != nil {
		return err
	}
	for _, it := range batch {
		go process(it) // want `goroutine started for every element of batch \(decoded by dec.Decode\) with no bound`
	}
	return nil
}

// An XML document read from a stream, ranged through a field.
func pullManifest(body io.Reader) error {
	var m manifest
	if err := xml.NewDecoder(body).Decode(&m); err != nil {
		return err
	}
	for _, l := range m.Layers {
		go process(l) // want `goroutine started for every element of m.Layers \(decoded by xml.NewDecoder\(body\).Decode\) with no bound`
	}
	return nil
}

// Safe twin: a fixed pool over the decoded items.
func pullManifestPool(body io.Reader) error {
	var m manifest
	if err := xml.NewDecoder(body).Decode(&m); err != nil {
		return err
	}
	work := make(chan item)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				process(it)
			}
		}()
	}
	for _, l := range m.Layers {
		work <- l
	}
	close(work)
	wg.Wait()
	return nil
}

// Safe twin: a decoded configuration that is not ranged over with
// goroutines, and a constant-size local table.
func configured() {
	var cfg struct{ Peers [3]string }
	_ = json.Unmarshal([]byte(`{}`), &cfg)
	for _, p := range []string{"a", "b"} {
		go process(item{ID: p})
	}
	_ = cfg
}
