// Package kubernetes_closeinloop models a Kubernetes-style panic: a
// broadcaster closes its stop channel inside the loop over watchers, so the
// second watcher's iteration closes it again.
package kubernetes_closeinloop

type watcher struct {
	id     int
	result chan string
}

type broadcaster struct {
	watchers []*watcher
	stopped  chan struct{}
}

// shutdown notifies every watcher and stops the broadcaster.
func (b *broadcaster) shutdown() {
	for _, w := range b.watchers {
		close(w.result)
		close(b.stopped) // WANT(chanclose)
	}
}
