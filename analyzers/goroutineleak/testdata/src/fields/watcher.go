package fields

import (
	"errors"
	"sync"
	"time"
)

// ---- a watcher with Stop/Close: Close closes quit and waits for the
// poll goroutine, which returns early on a poll error without Done, so
// Close hangs (the shape of file and config watchers' shutdown hangs).

type Watcher struct {
	wg     sync.WaitGroup
	quit   chan struct{}
	events chan string
	path   string
}

func NewWatcher(path string) *Watcher {
	w := &Watcher{quit: make(chan struct{}), events: make(chan string, 1), path: path}
	w.wg.Add(1)
	go w.poll()
	return w
}

func (w *Watcher) Events() <-chan string { return w.events }

func (w *Watcher) stat() (string, error) {
	if w.path == "" {
		return "", errors.New("no path")
	}
	return w.path, nil
}

func (w *Watcher) poll() {
	for {
		select {
		case <-w.quit:
			w.wg.Done()
			return
		case <-time.After(time.Second):
		}
		ev, err := w.stat()
		if err != nil {
			return
		}
		select {
		case w.events <- ev:
		default:
		}
	}
}

func (w *Watcher) Close() {
	close(w.quit)
	w.wg.Wait() // want `WaitGroup.Wait can block forever: the goroutine started at line \d+ can return at line \d+ without calling Done`
}

// Safe twin: defer w.wg.Done().

type SafeWatcher struct {
	wg     sync.WaitGroup
	quit   chan struct{}
	events chan string
	path   string
}

func NewSafeWatcher(path string) *SafeWatcher {
	w := &SafeWatcher{quit: make(chan struct{}), events: make(chan string, 1), path: path}
	w.wg.Add(1)
	go w.poll()
	return w
}

func (w *SafeWatcher) Events() <-chan string { return w.events }

func (w *SafeWatcher) poll() {
	defer w.wg.Done()
	for {
		select {
		case <-w.quit:
			return
		case <-time.After(time.Second):
		}
		if w.path == "" {
			return
		}
		select {
		case w.events <- w.path:
		default:
		}
	}
}

func (w *SafeWatcher) Close() {
	close(w.quit)
	w.wg.Wait()
}
