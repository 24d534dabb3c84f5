package kubernetes_recursivediscovery

import "sync"

type boundedWalker struct {
	c    client
	wg   sync.WaitGroup
	mu   sync.Mutex
	seen []string
	sem  chan struct{}
}

// walk visits path and everything below it, at most cap(sem) at a time.
func (w *boundedWalker) walk(path string) {
	defer w.wg.Done()
	w.sem <- struct{}{}
	children, err := w.c.List(path)
	<-w.sem
	if err != nil {
		return
	}
	w.mu.Lock()
	w.seen = append(w.seen, path)
	w.mu.Unlock()
	for _, child := range children {
		w.wg.Add(1)
		go w.walk(path + "/" + child)
	}
}
