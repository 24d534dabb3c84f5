// Package etcd7492 is the fixed twin of GoKer kernel etcd7492, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package etcd7492

import (
	"sync"
	"time"
)

// Fixed: a token is handed to the keeper after the tokens lock is
// released, so the keeper's deleter can take the lock meanwhile.

type keeper struct {
	add      chan struct{}
	stopc    chan chan struct{}
	deleteFn func()
}

func newKeeper(del func()) *keeper {
	k := &keeper{add: make(chan struct{}, 1), stopc: make(chan chan struct{}), deleteFn: del}
	go k.run()
	return k
}

func (k *keeper) run() {
	ticker := time.NewTicker(time.Millisecond)
	defer ticker.Stop()
	for {
		select {
		case <-k.add:
		case <-ticker.C:
			k.deleteFn()
		case c := <-k.stopc:
			c <- struct{}{}
			return
		}
	}
}

func (k *keeper) stop() {
	c := make(chan struct{})
	k.stopc <- c
	<-c
}

type tokens struct {
	mu     sync.RWMutex
	keeper *keeper
	n      int
}

func (t *tokens) assign() {
	t.mu.Lock()
	t.n++
	t.mu.Unlock()
	t.keeper.add <- struct{}{}
}

func Run() {
	t := &tokens{}
	t.keeper = newKeeper(func() {
		t.mu.Lock()
		defer t.mu.Unlock()
	})
	var wg sync.WaitGroup
	wg.Add(2)
	for i := 0; i < 2; i++ {
		go func() {
			defer wg.Done()
			t.assign()
		}()
	}
	wg.Wait()
	t.keeper.stop()
}
