// Package queue is a small in-process job queue: producers submit jobs,
// a fixed pool of workers runs them.
package queue

import (
	"context"
	"errors"
	"sync"
)

// A Job is a unit of work.
type Job struct {
	ID      int
	Payload string
}

// Result is what running a job produced.
type Result struct {
	ID  int
	Err error
}

// ErrClosed is returned by Submit after Close.
var ErrClosed = errors.New("queue: closed")

// Queue runs jobs on a fixed number of workers.
type Queue struct {
	jobs    chan Job
	results chan Result
	wg      sync.WaitGroup

	mu     sync.Mutex
	closed bool
	once   sync.Once
}

// New starts a queue with n workers running fn.
func New(n int, fn func(Job) error) *Queue {
	q := &Queue{jobs: make(chan Job), results: make(chan Result, n)}
	for i := 0; i < n; i++ {
		q.wg.Add(1)
		go func() {
			defer q.wg.Done()
			for j := range q.jobs {
				q.results <- Result{ID: j.ID, Err: fn(j)}
			}
		}()
	}
	return q
}

// Submit enqueues a job, or fails once the queue is closed or ctx is done.
func (q *Queue) Submit(ctx context.Context, j Job) error {
	q.mu.Lock()
	closed := q.closed
	q.mu.Unlock()
	if closed {
		return ErrClosed
	}
	select {
	case q.jobs <- j:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Run runs fn on j and delivers the result on done.
func Run(j Job, fn func(Job) error, done chan<- Result) {
	done <- Result{ID: j.ID, Err: fn(j)}
}

// Results delivers job results.
func (q *Queue) Results() <-chan Result { return q.results }

// Close stops accepting jobs and waits for the workers. It is safe to call
// more than once.
func (q *Queue) Close() {
	q.once.Do(func() {
		q.mu.Lock()
		q.closed = true
		q.mu.Unlock()
		close(q.jobs)
		q.wg.Wait()
		close(q.results)
	})
}
