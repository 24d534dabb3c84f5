// Package kubernetes30872 is the fixed twin of GoKer kernel kubernetes30872, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package kubernetes30872

import "sync"

// Fixed: the informer reads its controller under its lock and asks it
// whether it synced after releasing the lock, so the informer's lock is
// never held while waiting for the queue's.

type fifo struct{ lock sync.RWMutex }

func (f *fifo) hasSynced() {
	f.lock.Lock()
	defer f.lock.Unlock()
}

func (f *fifo) pop(process func()) {
	f.lock.Lock()
	defer f.lock.Unlock()
	process()
}

type informer struct {
	sync.Mutex
	queue *fifo
	stop  chan struct{}
}

func (inf *informer) clustersSynced() {
	inf.Lock()
	q := inf.queue
	inf.Unlock()
	q.hasSynced()
}

func (inf *informer) addCluster() {
	inf.Lock()
	defer inf.Unlock()
}

func (inf *informer) run() {
	for {
		select {
		case <-inf.stop:
			return
		default:
		}
		inf.queue.pop(inf.addCluster)
	}
}

func Run() {
	inf := &informer{queue: &fifo{}, stop: make(chan struct{})}
	go inf.run()
	done := make(chan struct{})
	go func() {
		defer close(done)
		inf.clustersSynced()
	}()
	<-done
	close(inf.stop)
}
