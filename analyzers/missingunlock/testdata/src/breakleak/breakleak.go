// Package breakleak: a break or goto out of a loop with the lock held,
// joining the loop's normal exit before one shared return. At the return
// the lock is held on some paths only; the leak is at the break.
package breakleak

import "sync"

type Job struct {
	ID   int
	Done bool
}

type Queue struct {
	mu     sync.Mutex
	jobs   []*Job
	closed bool
	n      int
}

// Bad: the break leaves the loop with q.mu held.
func (q *Queue) Drain(max int) int {
	n := 0
	for n < max {
		q.mu.Lock()
		if q.closed {
			break // want `q.mu is still locked when this break leaves the loop: no path from here to the return at breakleak.go:\d+ unlocks it, while the loop's other exits do`
		}
		if len(q.jobs) > 0 {
			q.jobs = q.jobs[1:]
			n++
		}
		q.mu.Unlock()
	}
	return n
}

// Safe twin: unlock before break.
func (q *Queue) DrainSafe(max int) int {
	n := 0
	for n < max {
		q.mu.Lock()
		if q.closed {
			q.mu.Unlock()
			break
		}
		if len(q.jobs) > 0 {
			q.jobs = q.jobs[1:]
			n++
		}
		q.mu.Unlock()
	}
	return n
}

// Bad: a range loop with a labelled break from inside a select.
func (q *Queue) Sweep(jobs []*Job, stop <-chan struct{}) {
loop:
	for _, j := range jobs {
		q.mu.Lock()
		select {
		case <-stop:
			break loop // want `q.mu is still locked when this break leaves the loop`
		default:
		}
		j.Done = true
		q.n++
		q.mu.Unlock()
	}
	q.closed = len(jobs) == 0
}

// Safe: the break out of the select stays in the loop.
func (q *Queue) SweepSafe(jobs []*Job, stop <-chan struct{}) {
	for _, j := range jobs {
		q.mu.Lock()
		select {
		case <-stop:
			j.Done = false
			break
		default:
			j.Done = true
		}
		q.n++
		q.mu.Unlock()
	}
}

// Bad: goto out of the loop.
func (q *Queue) Find(id int) *Job {
	var found *Job
	for _, j := range q.snapshot() {
		q.mu.Lock()
		if j.ID == id {
			found = j
			goto out // want `q.mu is still locked when this goto leaves the loop`
		}
		q.mu.Unlock()
	}
out:
	return found
}

func (q *Queue) snapshot() []*Job {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]*Job(nil), q.jobs...)
}

// Safe: the lock is released after the loop on the path that kept it,
// decided by a flag (the release after the join is seen).
func (q *Queue) FindFlag(id int) *Job {
	var found *Job
	locked := false
	for _, j := range q.snapshot() {
		q.mu.Lock()
		if j.ID == id {
			found = j
			locked = true
			break
		}
		q.mu.Unlock()
	}
	if locked {
		q.mu.Unlock()
	}
	return found
}

// Safe: a lock held across the whole loop, released by a defer.
func (q *Queue) Count() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for _, j := range q.jobs {
		if j.Done {
			break
		}
		n++
	}
	return n
}

// Safe: the break keeps the lock for the caller on purpose and every exit
// does the same (a lock helper), with the unlock after the loop.
func (q *Queue) Wait() {
	for {
		q.mu.Lock()
		if q.n > 0 {
			break
		}
		q.mu.Unlock()
	}
	q.n--
	q.mu.Unlock()
}
