package kubernetesworkqueue

import (
	"context"
	"sync"
	"time"
)

// QueueFixed is a de-duplicating FIFO of keys.
type QueueFixed[T comparable] struct {
	mu           sync.Mutex
	cond         *sync.Cond
	queue        []T
	dirty        map[T]struct{}
	processing   map[T]struct{}
	shuttingDown bool
	now          func() time.Time
	addedAt      map[T]time.Time
	latency      func(d time.Duration)
}

// NewQueueFixed returns an empty queue.
func NewQueueFixed[T comparable](latency func(time.Duration)) *QueueFixed[T] {
	q := &QueueFixed[T]{
		dirty:      make(map[T]struct{}),
		processing: make(map[T]struct{}),
		addedAt:    make(map[T]time.Time),
		now:        time.Now,
		latency:    latency,
	}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// Add marks item as needing processing.
func (q *QueueFixed[T]) Add(item T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.shuttingDown {
		return
	}
	if _, ok := q.dirty[item]; ok {
		return
	}
	q.dirty[item] = struct{}{}
	q.addedAt[item] = q.now()
	if _, ok := q.processing[item]; ok {
		return
	}
	q.queue = append(q.queue, item)
	q.cond.Signal()
}

// Get blocks until an item is available or the queue is shut down.
func (q *QueueFixed[T]) Get() (item T, shutdown bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.queue) == 0 && !q.shuttingDown {
		q.cond.Wait()
	}
	if len(q.queue) == 0 {
		return item, true
	}
	item = q.queue[0]
	q.queue = q.queue[1:]
	q.processing[item] = struct{}{}
	delete(q.dirty, item)
	if t, ok := q.addedAt[item]; ok {
		q.latency(q.now().Sub(t))
		delete(q.addedAt, item)
	}
	return item, false
}

// Done marks item as processed, requeueing it if it was re-added meanwhile.
func (q *QueueFixed[T]) Done(item T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.processing, item)
	if _, ok := q.dirty[item]; ok {
		q.queue = append(q.queue, item)
		q.cond.Signal()
	}
}

// ShutDown makes Get return shutdown=true once the queue drains.
func (q *QueueFixed[T]) ShutDown() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.shuttingDown = true
	q.cond.Broadcast()
}

// ControllerFixed runs reconcile workers over a queue.
type ControllerFixed struct {
	queue     *QueueFixed[string]
	reconcile func(ctx context.Context, key string) error
	workers   int
}

// Run starts the workers and blocks until ctx is done and they exit.
func (c *ControllerFixed) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for i := 0; i < c.workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c.processNext(ctx) {
			}
		}()
	}
	<-ctx.Done()
	c.queue.ShutDown()
	wg.Wait()
}

func (c *ControllerFixed) processNext(ctx context.Context) bool {
	key, shutdown := c.queue.Get()
	if shutdown {
		return false
	}
	defer c.queue.Done(key)
	if err := c.reconcile(ctx, key); err != nil {
		c.queue.Add(key)
	}
	return true
}
