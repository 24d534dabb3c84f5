// Package kubernetesschedqueue models a scheduler's active queue: a priority
// heap of pending pods guarded by a mutex and a condition variable. Len, used
// by the metrics recorder and the backoff flusher, reads the heap length
// without the mutex while Add and Pop reshape the heap under it.
package kubernetesschedqueue

import (
	"container/heap"
	"context"
	"sync"
	"time"
)

// PodInfo is a pod waiting to be scheduled.
type PodInfo struct {
	Namespace string
	Name      string
	Priority  int32
	Timestamp time.Time
	Attempts  int
	index     int
}

type podHeap []*PodInfo

func (h podHeap) Len() int { return len(h) }
func (h podHeap) Less(i, j int) bool {
	if h[i].Priority != h[j].Priority {
		return h[i].Priority > h[j].Priority
	}
	return h[i].Timestamp.Before(h[j].Timestamp)
}
func (h podHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *podHeap) Push(x any) {
	p := x.(*PodInfo)
	p.index = len(*h)
	*h = append(*h, p)
}
func (h *podHeap) Pop() any {
	old := *h
	n := len(old)
	p := old[n-1]
	old[n-1] = nil
	*h = old[:n-1]
	p.index = -1
	return p
}

// MetricsRecorder records queue depth.
type MetricsRecorder interface {
	SetPending(queue string, n int)
}

// SchedulingQueue hands pods to the scheduling cycle in priority order.
type SchedulingQueue struct {
	mu       sync.Mutex
	cond     *sync.Cond
	activeQ  podHeap
	closed   bool
	metrics  MetricsRecorder
	now      func() time.Time
	interval time.Duration
}

// NewSchedulingQueue returns an empty queue.
func NewSchedulingQueue(m MetricsRecorder) *SchedulingQueue {
	q := &SchedulingQueue{metrics: m, now: time.Now, interval: time.Second}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// Add enqueues a pod.
func (q *SchedulingQueue) Add(p *PodInfo) {
	q.mu.Lock()
	defer q.mu.Unlock()
	p.Timestamp = q.now()
	heap.Push(&q.activeQ, p)
	q.cond.Signal()
}

// Pop blocks until a pod is available or the queue is closed.
func (q *SchedulingQueue) Pop() (*PodInfo, bool) {
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
func (q *SchedulingQueue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// Len returns the number of pending pods.
func (q *SchedulingQueue) Len() int {
	return q.activeQ.Len() // WANT(guardedby)
}

// Run records the queue depth until ctx is done.
func (q *SchedulingQueue) Run(ctx context.Context) {
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
