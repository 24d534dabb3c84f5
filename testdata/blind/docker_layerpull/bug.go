// Package dockerlayerpull models an image puller that downloads layers with a
// bounded fan-out of four goroutines gated by a semaphore channel. Each
// download goroutine assigns a failure to the shared err variable declared in
// the enclosing function, so concurrent failures write it without
// synchronization.
package dockerlayerpull

import (
	"context"
	"fmt"
	"io"
	"sync"
)

// Descriptor identifies a layer blob.
type Descriptor struct {
	Digest    string
	MediaType string
	Size      int64
}

// Manifest lists the layers of an image.
type Manifest struct {
	Config Descriptor
	Layers []Descriptor
}

// BlobFetcher downloads blobs from a registry.
type BlobFetcher interface {
	Fetch(ctx context.Context, desc Descriptor) (io.ReadCloser, error)
}

// ContentStore stores downloaded blobs.
type ContentStore interface {
	Has(digest string) bool
	Write(ctx context.Context, desc Descriptor, r io.Reader) error
}

// ProgressReporter receives per-layer progress.
type ProgressReporter interface {
	Update(digest, status string)
}

const maxConcurrentDownloads = 4

// Puller pulls images into the content store.
type Puller struct {
	fetcher  BlobFetcher
	store    ContentStore
	progress ProgressReporter
}

// NewPuller returns a puller.
func NewPuller(f BlobFetcher, s ContentStore, p ProgressReporter) *Puller {
	return &Puller{fetcher: f, store: s, progress: p}
}

func (p *Puller) download(ctx context.Context, desc Descriptor) error {
	if p.store.Has(desc.Digest) {
		p.progress.Update(desc.Digest, "Already exists")
		return nil
	}
	p.progress.Update(desc.Digest, "Downloading")
	rc, err := p.fetcher.Fetch(ctx, desc)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := p.store.Write(ctx, desc, rc); err != nil {
		return err
	}
	p.progress.Update(desc.Digest, "Download complete")
	return nil
}

// PullLayers downloads every layer of m.
func (p *Puller) PullLayers(ctx context.Context, m Manifest) error {
	var (
		wg  sync.WaitGroup
		err error
		sem = make(chan struct{}, maxConcurrentDownloads)
	)
	for _, layer := range m.Layers {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if dlErr := p.download(ctx, layer); dlErr != nil {
				p.progress.Update(layer.Digest, "Download failed")
				err = fmt.Errorf("pulling layer %s: %w", layer.Digest, dlErr) // WANT(capturerace)
			}
		}()
	}
	wg.Wait()
	return err
}
