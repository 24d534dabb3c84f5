// Package rangeafter reads a map or slice field after releasing the lock
// that guards it, while other methods mutate it under the lock.
package rangeafter

import "sync"

type watcher struct{ ch chan string }

// A hub in the shape of a pub/sub broker: subscribe and unsubscribe mutate
// the map under the lock; broadcast takes the map under the lock, releases
// it, then iterates.
type hub struct {
	mu   sync.Mutex
	subs map[string]*watcher
	log  []string
}

func (h *hub) subscribe(id string, w *watcher) {
	h.mu.Lock()
	h.subs[id] = w
	h.mu.Unlock()
}

func (h *hub) unsubscribe(id string) {
	h.mu.Lock()
	delete(h.subs, id)
	h.mu.Unlock()
}

func (h *hub) broadcast(msg string) {
	h.mu.Lock()
	subs := h.subs
	h.mu.Unlock()
	for _, w := range subs { // want `h.subs is iterated after h.mu is released, while subscribe mutates it under h.mu \(line \d+\): copy it under the lock`
		w.ch <- msg
	}
}

// The safe twin copies under the lock.
func (h *hub) broadcastSafe(msg string) {
	h.mu.Lock()
	subs := make([]*watcher, 0, len(h.subs))
	for _, w := range h.subs {
		subs = append(subs, w)
	}
	h.mu.Unlock()
	for _, w := range subs {
		w.ch <- msg
	}
}

// A slice that is only appended to or replaced under the lock: a snapshot
// taken under the lock stays valid.
func (h *hub) record(s string) {
	h.mu.Lock()
	h.log = append(h.log, s)
	h.mu.Unlock()
}

func (h *hub) dump() []string {
	h.mu.Lock()
	l := h.log
	h.mu.Unlock()
	var out []string
	for _, s := range l {
		out = append(out, s)
	}
	return out
}

// Taking the map and replacing it (here through a helper) leaves the old
// map to this function alone.
func (h *hub) closeAll() {
	h.mu.Lock()
	old := h.subs
	h.resetLocked()
	h.mu.Unlock()
	for _, w := range old {
		close(w.ch)
	}
}

func (h *hub) resetLocked() { h.subs = map[string]*watcher{} }

// A hook manager (go-redis' PoolHookManager): Remove swaps the last hook
// into the removed one's slot in place, while Process iterates the slice it
// took under the read lock.
type hookManager struct {
	mu    sync.RWMutex
	hooks []func() error
}

func (m *hookManager) Add(h func() error) {
	m.mu.Lock()
	m.hooks = append(m.hooks, h)
	m.mu.Unlock()
}

func (m *hookManager) Remove(i int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.hooks[i] = m.hooks[len(m.hooks)-1]
	m.hooks = m.hooks[:len(m.hooks)-1]
}

func (m *hookManager) Process() error {
	m.mu.RLock()
	hooks := m.hooks
	m.mu.RUnlock()
	for _, h := range hooks { // want `m.hooks is read after m.mu is released, while Remove mutates it under m.mu \(line \d+\): copy it under the lock`
		if err := h(); err != nil {
			return err
		}
	}
	return nil
}

// The safe twin removes by building a new slice: a snapshot stays valid.
type hookManagerSafe struct {
	mu    sync.RWMutex
	hooks []func() error
}

func (m *hookManagerSafe) Remove(i int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	hs := make([]func() error, 0, len(m.hooks))
	hs = append(hs, m.hooks[:i]...)
	m.hooks = append(hs, m.hooks[i+1:]...)
}

func (m *hookManagerSafe) Process() error {
	m.mu.RLock()
	hooks := m.hooks
	m.mu.RUnlock()
	for _, h := range hooks {
		if err := h(); err != nil {
			return err
		}
	}
	return nil
}
