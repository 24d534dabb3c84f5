package istiofilewatcher

import (
	"crypto/sha256"
	"sync"
	"time"
)

// WatcherFixed polls files for content changes.
type WatcherFixed struct {
	mu       sync.Mutex
	paths    []string
	sums     map[string][32]byte
	interval time.Duration
	readFile ReadFileFunc

	events    chan FileEvent
	done      chan struct{}
	closeOnce sync.Once
	reloader  Reloader
	log       Logger
}

// Start launches the scanner and the consumer.
func (w *WatcherFixed) Start() {
	go w.scan()
	go w.consume()
}

func (w *WatcherFixed) scan() {
	t := time.NewTicker(w.interval)
	defer t.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-t.C:
		}
		for _, ev := range w.changed() {
			select {
			case w.events <- ev:
			case <-w.done:
				return
			}
		}
	}
}

func (w *WatcherFixed) changed() []FileEvent {
	w.mu.Lock()
	defer w.mu.Unlock()
	var evs []FileEvent
	for _, p := range w.paths {
		data, err := w.readFile(p)
		if err != nil {
			if _, had := w.sums[p]; had {
				delete(w.sums, p)
				evs = append(evs, FileEvent{Path: p, Op: Remove})
			}
			continue
		}
		sum := sha256.Sum256(data)
		if old, had := w.sums[p]; !had || old != sum {
			w.sums[p] = sum
			evs = append(evs, FileEvent{Path: p, Op: Write})
		}
	}
	return evs
}

func (w *WatcherFixed) consume() {
	for {
		select {
		case <-w.done:
			return
		case ev := <-w.events:
			if ev.Op == Remove {
				w.log.Warnf("watched file %s removed; keeping previous material", ev.Path)
				continue
			}
			data, err := w.readFile(ev.Path)
			if err != nil {
				w.log.Warnf("reading %s: %v", ev.Path, err)
				continue
			}
			if err := w.reloader.Reload(ev.Path, data); err != nil {
				w.log.Warnf("reloading %s: %v", ev.Path, err)
			}
		}
	}
}

// Close stops watching.
func (w *WatcherFixed) Close() {
	w.closeOnce.Do(func() { close(w.done) })
}
