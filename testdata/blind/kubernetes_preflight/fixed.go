package kubernetespreflight

import (
	"context"
)

// RunFixed executes all checks and returns the first failure. The channel
// holds every result, so checks finishing after an early return never block.
func (r *Runner) RunFixed(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	errc := make(chan error, len(r.checks))
	for _, c := range r.checks {
		go func() {
			errc <- r.runOne(ctx, c)
		}()
	}
	for range r.checks {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}
