// Package kubernetes_recursivediscovery models an unbounded recursive
// fan-out: walking an API's resource tree, every node starts a goroutine
// per child the server lists, and each of those does the same, so the
// server's answer decides how many goroutines (and connections) run.
package kubernetes_recursivediscovery

import "sync"

type client interface {
	List(path string) ([]string, error)
}

type walker struct {
	c    client
	wg   sync.WaitGroup
	mu   sync.Mutex
	seen []string
}

// walk visits path and, concurrently, everything below it.
func (w *walker) walk(path string) {
	defer w.wg.Done()
	children, err := w.c.List(path)
	if err != nil {
		return
	}
	w.mu.Lock()
	w.seen = append(w.seen, path)
	w.mu.Unlock()
	for _, child := range children {
		w.wg.Add(1)
		go w.walk(path + "/" + child) // WANT(unboundedgo)
	}
}
