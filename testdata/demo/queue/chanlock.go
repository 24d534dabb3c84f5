package queue

import "sync"

// Audit records submitted job IDs and hands each to a reporter goroutine.
type Audit struct {
	mu      sync.Mutex
	ids     []int
	reports chan int
}

// NewAudit starts the reporter with report.
func NewAudit(report func(id, total int)) *Audit {
	a := &Audit{reports: make(chan int)}
	go a.reporter(report)
	return a
}

// reporter reads the total under the lock, then waits for the next ID.
func (a *Audit) reporter(report func(id, total int)) {
	for {
		a.mu.Lock()
		total := len(a.ids)
		a.mu.Unlock()
		id := <-a.reports
		report(id, total)
	}
}

// Record appends id and hands it to the reporter. The send waits for the
// reporter, which first needs a.mu, held here until Record returns.
func (a *Audit) Record(id int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.ids = append(a.ids, id)
	a.reports <- id // WRONG(chanlock): the reporter needs a.mu before it can receive, and a.mu is held until the send completes
}

// RecordSafe is Record done right.
// RIGHT: the lock is released before the send, so the reporter can take it.
func (a *Audit) RecordSafe(id int) {
	a.mu.Lock()
	a.ids = append(a.ids, id)
	a.mu.Unlock()
	a.reports <- id
}
