// Package moby21233 is the fixed twin of GoKer kernel moby21233, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package moby21233

import "sync"

// Fixed: the progress consumer drains the channel until it is closed
// instead of leaving early, and every watcher is released before it is
// closed.

type watcher struct {
	release chan struct{}
	running chan struct{}
}

func watch(out chan<- int) *watcher {
	w := &watcher{release: make(chan struct{}), running: make(chan struct{})}
	go func() {
		defer close(w.running)
		for {
			select {
			case out <- 0:
			case <-w.release:
				return
			}
		}
	}()
	return w
}

func Run() {
	progress := make(chan int)
	progressDone := make(chan struct{})
	go func() {
		for range progress {
		}
		close(progressDone)
	}()
	var mu sync.Mutex
	var watchers []*watcher
	for i := 0; i < 2; i++ {
		mu.Lock()
		watchers = append(watchers, watch(progress))
		mu.Unlock()
	}
	for _, w := range watchers {
		close(w.release)
		<-w.running
	}
	close(progress)
	<-progressDone
}
