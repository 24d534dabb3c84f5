package queue

import "sync"

// Dispatch runs every job received from in on its own goroutine and
// delivers the results on out. It returns when in is closed and every job
// has finished.
func Dispatch(in <-chan Job, fn func(Job) error, out chan<- Result) {
	var wg sync.WaitGroup
	for j := range in {
		wg.Add(1)
		go func() { // WRONG(unboundedgo): one goroutine per job received; a burst of jobs starts as many goroutines
			defer wg.Done()
			out <- Result{ID: j.ID, Err: fn(j)}
		}()
	}
	wg.Wait()
}

// DispatchLimited is Dispatch with at most limit jobs in flight.
func DispatchLimited(in <-chan Job, limit int, fn func(Job) error, out chan<- Result) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, limit)
	for j := range in {
		sem <- struct{}{} // RIGHT: a semaphore channel bounds the goroutines in flight
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			out <- Result{ID: j.ID, Err: fn(j)}
		}()
	}
	wg.Wait()
}
