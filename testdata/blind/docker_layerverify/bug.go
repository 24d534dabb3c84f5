// Package dockerlayerverify models image-load verification: a fixed pool of
// workers checks layer digests and sends one result per job on an unbuffered
// results channel. The collector returns on the first failed result, so the
// remaining workers block forever sending their results and the feeder blocks
// forever handing out jobs.
package dockerlayerverify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
)

// Descriptor identifies a layer.
type Descriptor struct {
	Digest string
	Size   int64
}

// BlobProvider opens layer content.
type BlobProvider interface {
	Open(ctx context.Context, d Descriptor) (io.ReadCloser, error)
}

type verifyResult struct {
	desc Descriptor
	err  error
}

// Verifier checks layer content against descriptors.
type Verifier struct {
	blobs   BlobProvider
	workers int
}

// NewVerifier returns a verifier with n workers.
func NewVerifier(b BlobProvider, n int) *Verifier {
	if n < 1 {
		n = 1
	}
	return &Verifier{blobs: b, workers: n}
}

func (v *Verifier) verifyOne(ctx context.Context, d Descriptor) error {
	rc, err := v.blobs.Open(ctx, d)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return err
	}
	if n != d.Size {
		return fmt.Errorf("size mismatch: got %d, want %d", n, d.Size)
	}
	if got := "sha256:" + hex.EncodeToString(h.Sum(nil)); got != d.Digest {
		return fmt.Errorf("digest mismatch: got %s", got)
	}
	return nil
}

func (v *Verifier) worker(ctx context.Context, jobs <-chan Descriptor, results chan<- verifyResult) {
	for d := range jobs {
		results <- verifyResult{desc: d, err: v.verifyOne(ctx, d)} // WANT(goroutineleak)
	}
}

// VerifyAll checks every layer and returns the first failure.
func (v *Verifier) VerifyAll(ctx context.Context, layers []Descriptor) error {
	jobs := make(chan Descriptor)
	results := make(chan verifyResult)
	for i := 0; i < v.workers; i++ {
		go v.worker(ctx, jobs, results)
	}
	go func() {
		defer close(jobs)
		for _, d := range layers {
			jobs <- d // WANT(goroutineleak)
		}
	}()

	for range layers {
		r := <-results
		if r.err != nil {
			return fmt.Errorf("layer %s failed verification: %w", r.desc.Digest, r.err)
		}
	}
	return nil
}
