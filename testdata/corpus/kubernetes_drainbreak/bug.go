// Package kubernetes_drainbreak models a controller work loop that breaks
// out of its loop when it sees the queue shutting down, with the queue
// lock still held; the normal exit unlocks it, and both reach one shared
// return. Every later Add blocks forever.
package kubernetes_drainbreak

import "sync"

type item struct {
	key     string
	retries int
}

type rateLimitingQueue struct {
	mu           sync.Mutex
	items        []item
	shuttingDown bool
	processed    int
}

// drain processes up to max items.
func (q *rateLimitingQueue) drain(max int, sync func(item) error) int {
	n := 0
	for n < max {
		q.mu.Lock()
		if q.shuttingDown {
			break // WANT(missingunlock)
		}
		if len(q.items) == 0 {
			q.mu.Unlock()
			break
		}
		it := q.items[0]
		q.items = q.items[1:]
		q.mu.Unlock()
		if err := sync(it); err != nil {
			q.Add(item{key: it.key, retries: it.retries + 1})
		}
		n++
	}
	return n
}

func (q *rateLimitingQueue) Add(it item) {
	q.mu.Lock()
	q.items = append(q.items, it)
	q.mu.Unlock()
}
