package dockerlayerverify

import (
	"context"
	"fmt"
)

func (v *Verifier) workerFixed(ctx context.Context, jobs <-chan Descriptor, results chan<- verifyResult) {
	for d := range jobs {
		select {
		case results <- verifyResult{desc: d, err: v.verifyOne(ctx, d)}:
		case <-ctx.Done():
			return
		}
	}
}

// VerifyAllFixed checks every layer and returns the first failure. Returning
// early cancels the pool's context, which releases workers and the feeder.
func (v *Verifier) VerifyAllFixed(ctx context.Context, layers []Descriptor) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan Descriptor)
	results := make(chan verifyResult)
	for i := 0; i < v.workers; i++ {
		go v.workerFixed(ctx, jobs, results)
	}
	go func() {
		defer close(jobs)
		for _, d := range layers {
			select {
			case jobs <- d:
			case <-ctx.Done():
				return
			}
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
