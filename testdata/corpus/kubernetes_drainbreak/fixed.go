package kubernetes_drainbreak

// drainFixed unlocks before leaving the loop.
func (q *rateLimitingQueue) drainFixed(max int, sync func(item) error) int {
	n := 0
	for n < max {
		q.mu.Lock()
		if q.shuttingDown || len(q.items) == 0 {
			q.mu.Unlock()
			break
		}
		it := q.items[0]
		q.items = q.items[1:]
		q.mu.Unlock()
		if err := sync(it); err != nil {
			q.Add(item{key: it.key, retries: it.retries + 1})
		}
		n++
	}
	return n
}
