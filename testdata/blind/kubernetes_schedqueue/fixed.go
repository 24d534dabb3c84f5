package kubernetesschedqueue

import (
	"container/heap"
	"context"
	"sync"
	"time"
)

// SchedulingQueueFixed hands pods to the scheduling cycle in priority order.
type SchedulingQueueFixed struct {
	mu       sync.Mutex
	cond     *sync.Cond
	activeQ  podHeap
	closed   bool
	metrics  MetricsRecorder
	now      func() time.Time
	interval time.Duration
}

// NewSchedulingQueueFixed returns an empty queue.
func NewSchedulingQueueFixed(m MetricsRecorder) *SchedulingQueueFixed {
	q := &SchedulingQueueFixed{metrics: m, now: time.Now, interval: time.Second}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// Add enqueues a pod.
func (q *SchedulingQueueFixed) Add(p *PodInfo) {
	q.mu.Lock()
	defer q.mu.Unlock()
	p.Timestamp = q.now()
	heap.Push(&q.activeQ, p)
	q.cond.Signal()
}

// Pop blocks until a pod is available or the queue is closed.
func (q *SchedulingQueueFixed) Pop() (*PodInfo, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.activeQ.Len() == 0 && !q.closed {
		q.cond.Wait()
	}
	if q.closed {
		return nil, false
	}
	p := heap.Pop(&q.activeQ).(*PodInfo)
	p.Attempts++
	return p, true
}

// Close wakes all waiters.
func (q *SchedulingQueueFixed) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// Len returns the number of pending pods.
func (q *SchedulingQueueFixed) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.activeQ.Len()
}

// Run records the queue depth until ctx is done.
func (q *SchedulingQueueFixed) Run(ctx context.Context) {
	t := time.NewTicker(q.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			q.metrics.SetPending("active", q.Len())
		}
	}
}
