package kubernetes_queueshutdowncond

import "sync"

type queueFixed struct {
	cond         *sync.Cond
	items        []string
	shuttingDown bool
}

func newQueueFixed() *queueFixed { return &queueFixed{cond: sync.NewCond(&sync.Mutex{})} }

func (q *queueFixed) Add(item string) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	if q.shuttingDown {
		return
	}
	q.items = append(q.items, item)
	q.cond.Signal()
}

func (q *queueFixed) Get() (string, bool) {
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

func (q *queueFixed) ShutDown() {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	q.shuttingDown = true
	q.cond.Broadcast()
}
