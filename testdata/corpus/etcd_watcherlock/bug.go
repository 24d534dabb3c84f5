// Package etcd_watcherlock models an etcd-style deadlock in a watcher hub:
// the notify loop holds the hub lock while cancelling a watcher, and the
// cancel function (stored on the watcher) takes the hub lock itself.
package etcd_watcherlock

import "sync"

type watcher struct {
	key    string
	events chan string
	hub    *watcherHub
}

type watcherHub struct {
	mu       sync.Mutex
	watchers map[string][]*watcher
}

// remove takes the hub lock and drops w.
func (h *watcherHub) remove(w *watcher) {
	h.mu.Lock() // WANT(doublelock)
	defer h.mu.Unlock()
	ws := h.watchers[w.key]
	for i, x := range ws {
		if x == w {
			h.watchers[w.key] = append(ws[:i], ws[i+1:]...)
			break
		}
	}
}

// notify delivers ev to the watchers of key; slow watchers are removed,
// but remove is called with h.mu held.
func (h *watcherHub) notify(key, ev string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, w := range h.watchers[key] {
		select {
		case w.events <- ev:
		default:
			h.remove(w) // WANT(doublelock)
		}
	}
}
