package fields

import "sync"

// ---- shutdown with a Cond: workers wait in a loop that tests q.closed,
// and Close sets the flag without waking them (the work queues of
// Kubernetes and Docker broadcast on shut down; forgetting it leaves every
// idle worker asleep).

type WorkQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []string
	closed bool
}

func NewWorkQueue() *WorkQueue {
	q := &WorkQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *WorkQueue) Add(it string) {
	q.mu.Lock()
	q.items = append(q.items, it)
	q.cond.Signal()
	q.mu.Unlock()
}

// Get blocks until an item is available or the queue is closed.
func (q *WorkQueue) Get() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return "", false
	}
	it := q.items[0]
	q.items = q.items[1:]
	return it, true
}

func (q *WorkQueue) Close() {
	q.mu.Lock()
	q.closed = true // want `WorkQueue.closed is set without Broadcast on WorkQueue.cond: goroutines waiting at line \d+ until it changes are not woken`
	q.mu.Unlock()
}

func (q *WorkQueue) Run(workers int, do func(string)) {
	for i := 0; i < workers; i++ {
		go func() {
			for {
				it, ok := q.Get()
				if !ok {
					return
				}
				do(it)
			}
		}()
	}
}

// Safe twin: Close broadcasts.

type SafeWorkQueue struct {
	mu     sync.Mutex
	cond   sync.Cond
	items  []string
	closed bool
}

func NewSafeWorkQueue() *SafeWorkQueue {
	q := &SafeWorkQueue{}
	q.cond.L = &q.mu
	return q
}

func (q *SafeWorkQueue) Add(it string) {
	q.mu.Lock()
	q.items = append(q.items, it)
	q.cond.Signal()
	q.mu.Unlock()
}

func (q *SafeWorkQueue) Get() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return "", false
	}
	it := q.items[0]
	q.items = q.items[1:]
	return it, true
}

func (q *SafeWorkQueue) Close() {
	q.mu.Lock()
	q.closed = true
	q.cond.Broadcast()
	q.mu.Unlock()
}

// Safe twin: the flag is set through a helper that broadcasts.

type helperQueue struct {
	mu       sync.Mutex
	cond     *sync.Cond
	n        int
	shutdown bool
}

func newHelperQueue() *helperQueue {
	q := &helperQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *helperQueue) wait() {
	q.mu.Lock()
	for q.n == 0 && !q.shutdown {
		q.cond.Wait()
	}
	q.mu.Unlock()
}

func (q *helperQueue) wakeAll() { q.cond.Broadcast() }

func (q *helperQueue) Close() {
	q.mu.Lock()
	q.shutdown = true
	q.wakeAll()
	q.mu.Unlock()
}

// Silent: resetting the flag to false cannot release a waiter.

func (q *helperQueue) Reopen() {
	q.mu.Lock()
	q.shutdown = false
	q.mu.Unlock()
}
