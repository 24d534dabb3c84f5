// Package etcd7902 is the fixed twin of GoKer kernel etcd7902, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package etcd7902

import "sync"

// Fixed: release runs without the round lock, so the leader can always
// close the round its followers wait for.

type client struct {
	progress int
	validate func()
	release  func()
}

func Run() {
	const rounds = 2
	next := []chan struct{}{make(chan struct{}), make(chan struct{})}
	rcs := make([]client, 3)
	for i := range rcs {
		round := 0
		rcs[i].validate = func() {}
		rcs[i].release = func() {
			if i == 0 {
				close(next[round])
			} else {
				<-next[round]
			}
			round++
		}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(len(rcs))
	for i := range rcs {
		go func(rc *client) {
			defer wg.Done()
			for rc.progress < rounds {
				mu.Lock()
				rc.validate()
				mu.Unlock()
				rc.progress++
				rc.release()
			}
		}(&rcs[i])
	}
	wg.Wait()
}
