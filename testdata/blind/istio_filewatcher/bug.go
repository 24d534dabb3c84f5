// Package istiofilewatcher models a polling file watcher for mounted
// certificates: a scanner goroutine sends change events on a channel field
// and a consumer goroutine reloads certificates from it. Close stops the
// consumer, but the scanner's send does not watch the done channel, so a
// scan that finds a change after Close blocks forever on the send.
package istiofilewatcher

import (
	"crypto/sha256"
	"os"
	"sync"
	"time"
)

// Op is the kind of change.
type Op int

// Change kinds.
const (
	Write Op = iota
	Remove
)

// FileEvent reports a change to a watched file.
type FileEvent struct {
	Path string
	Op   Op
}

// ReadFileFunc reads a file; injected for tests.
type ReadFileFunc func(path string) ([]byte, error)

// Reloader applies new certificate material.
type Reloader interface {
	Reload(path string, data []byte) error
}

// Logger is the injected logger.
type Logger interface {
	Warnf(format string, args ...any)
}

// Watcher polls files for content changes.
type Watcher struct {
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

// NewWatcher returns a watcher for paths.
func NewWatcher(paths []string, interval time.Duration, r Reloader, log Logger) *Watcher {
	return &Watcher{
		paths:    paths,
		sums:     make(map[string][32]byte),
		interval: interval,
		readFile: os.ReadFile,
		events:   make(chan FileEvent),
		done:     make(chan struct{}),
		reloader: r,
		log:      log,
	}
}

// Start launches the scanner and the consumer.
func (w *Watcher) Start() {
	go w.scan()
	go w.consume()
}

func (w *Watcher) scan() {
	t := time.NewTicker(w.interval)
	defer t.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-t.C:
		}
		for _, ev := range w.changed() {
			w.events <- ev // WANT(goroutineleak)
		}
	}
}

func (w *Watcher) changed() []FileEvent {
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

func (w *Watcher) consume() {
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
func (w *Watcher) Close() {
	w.closeOnce.Do(func() { close(w.done) })
}
