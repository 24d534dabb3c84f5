// Package kubernetes_queueshutdowncond models the shutdown of a
// Kubernetes-style work queue: workers block in Get on a Cond until an item
// arrives or the queue shuts down, and ShutDown sets the flag without
// broadcasting, so idle workers never wake (client-go's queue broadcasts
// there for this reason).
package kubernetes_queueshutdowncond

import "sync"

type queue struct {
	cond         *sync.Cond
	items        []string
	shuttingDown bool
}

func newQueue() *queue { return &queue{cond: sync.NewCond(&sync.Mutex{})} }

func (q *queue) Add(item string) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	if q.shuttingDown {
		return
	}
	q.items = append(q.items, item)
	q.cond.Signal()
}

func (q *queue) Get() (string, bool) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	for len(q.items) == 0 && !q.shuttingDown {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return "", true
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item, false
}

func (q *queue) ShutDown() {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	q.shuttingDown = true // WANT(goroutineleak)
}

func runWorkers(q *queue, n int, process func(string)) {
	for i := 0; i < n; i++ {
		go func() {
			for {
				item, quit := q.Get()
				if quit {
					return
				}
				process(item)
			}
		}()
	}
}
