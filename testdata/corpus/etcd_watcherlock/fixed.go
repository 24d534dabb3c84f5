package etcd_watcherlock

// notifyFixed collects the slow watchers and removes them after unlocking.
func (h *watcherHub) notifyFixed(key, ev string) {
	h.mu.Lock()
	var slow []*watcher
	for _, w := range h.watchers[key] {
		select {
		case w.events <- ev:
		default:
			slow = append(slow, w)
		}
	}
	h.mu.Unlock()
	for _, w := range slow {
		h.remove(w)
	}
}
