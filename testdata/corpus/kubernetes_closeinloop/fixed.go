package kubernetes_closeinloop

// shutdownFixed closes the shared channel once, after the loop.
func (b *broadcaster) shutdownFixed() {
	for _, w := range b.watchers {
		close(w.result)
	}
	close(b.stopped)
}
