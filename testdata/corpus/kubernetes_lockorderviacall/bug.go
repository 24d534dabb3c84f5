// Package kubernetes_lockorderviacall models a Kubernetes-style ABBA
// deadlock where one of the two acquisitions is hidden in a callee: the
// queue locks itself and calls into the metrics recorder (which locks the
// recorder), while the recorder's flush locks the recorder and calls back
// into the queue's Len (which locks the queue).
package kubernetes_lockorderviacall

import "sync"

type metrics struct {
	mu    sync.Mutex
	depth map[string]int
	q     *queue
}

type queue struct {
	mu    sync.Mutex
	name  string
	items []string
	m     *metrics
}

func (m *metrics) observe(name string, n int) {
	m.mu.Lock() // WANT(lockorder)
	m.depth[name] = n
	m.mu.Unlock()
}

func (q *queue) Len() int {
	q.mu.Lock() // WANT(lockorder)
	defer q.mu.Unlock()
	return len(q.items)
}

// Add: queue.mu, then metrics.mu (in observe).
func (q *queue) Add(item string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, item)
	q.m.observe(q.name, len(q.items))
}

// flush: metrics.mu, then queue.mu (in Len).
func (m *metrics) flush() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.depth[m.q.name] = m.q.Len()
}
