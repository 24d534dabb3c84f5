package queue

import "errors"

// RunBatch runs jobs one by one on the calling goroutine and delivers each
// result on out. It closes out when it returns, so the caller can range
// over it. A job failing with ErrClosed stops the batch.
func RunBatch(jobs []Job, fn func(Job) error, out chan<- Result) error {
	defer close(out)
	for _, j := range jobs {
		err := fn(j)
		if errors.Is(err, ErrClosed) {
			close(out) // WRONG(chanclose): the deferred close(out) closes it again and panics
			return err
		}
		out <- Result{ID: j.ID, Err: err}
	}
	return nil
}

// RunBatchSafe is RunBatch with the deferred close as the only close.
// RIGHT: the deferred close runs exactly once, on every return path.
func RunBatchSafe(jobs []Job, fn func(Job) error, out chan<- Result) error {
	defer close(out)
	for _, j := range jobs {
		err := fn(j)
		if errors.Is(err, ErrClosed) {
			return err
		}
		out <- Result{ID: j.ID, Err: err}
	}
	return nil
}
