package fields

import (
	"sync"
	"time"
)

// ---- ticker loop with a stop channel: Stop forgets to close it (the
// shape of many flusher/janitor leaks: a cache's janitor goroutine that
// outlives the cache).

type Flusher struct {
	mu      sync.Mutex
	buf     []string
	stop    chan struct{}
	stopped bool
}

func NewFlusher(every time.Duration) *Flusher {
	f := &Flusher{stop: make(chan struct{})}
	go f.loop(every)
	return f
}

func (f *Flusher) loop(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			f.flush()
		case <-f.stop: // want `goroutine can never return: its only way out is this receive from Flusher.stop, and nothing sends on or closes the channel`
			return
		}
	}
}

func (f *Flusher) flush() {
	f.mu.Lock()
	f.buf = f.buf[:0]
	f.mu.Unlock()
}

// Stop sets a flag but never wakes the loop.
func (f *Flusher) Stop() {
	f.mu.Lock()
	f.stopped = true
	f.mu.Unlock()
}

// Safe twin: Stop closes the channel.

type SafeFlusher struct {
	mu   sync.Mutex
	buf  []string
	stop chan struct{}
	once sync.Once
}

func NewSafeFlusher(every time.Duration) *SafeFlusher {
	f := &SafeFlusher{stop: make(chan struct{})}
	go f.loop(every)
	return f
}

func (f *SafeFlusher) loop(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			f.mu.Lock()
			f.buf = f.buf[:0]
			f.mu.Unlock()
		case <-f.stop:
			return
		}
	}
}

func (f *SafeFlusher) Stop() { f.once.Do(func() { close(f.stop) }) }

// The same leak through a method value started by a helper (the
// goFunc/startGoroutine helpers of nats.go and grpc): the goroutine runs
// j.run, whose only way out is j.quit, which nothing closes.

type janitor struct {
	wg   sync.WaitGroup
	quit chan struct{}
	n    int
}

func (j *janitor) goFunc(f func()) {
	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		f()
	}()
}

func newJanitor() *janitor {
	j := &janitor{quit: make(chan struct{})}
	j.goFunc(j.run)
	return j
}

func (j *janitor) run() {
	for {
		select {
		case <-time.After(time.Second):
			j.n++
		case <-j.quit: // want `goroutine can never return: its only way out is this receive from janitor.quit, and nothing sends on or closes the channel`
			return
		}
	}
}

func (j *janitor) Close() { j.wg.Wait() }

// Safe twin: Close closes quit before waiting.

type safeJanitor struct {
	wg   sync.WaitGroup
	quit chan struct{}
	n    int
}

func (j *safeJanitor) goFunc(f func()) {
	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		f()
	}()
}

func newSafeJanitor() *safeJanitor {
	j := &safeJanitor{quit: make(chan struct{})}
	j.goFunc(j.run)
	return j
}

func (j *safeJanitor) run() {
	for {
		select {
		case <-time.After(time.Second):
			j.n++
		case <-j.quit:
			return
		}
	}
}

func (j *safeJanitor) Close() {
	close(j.quit)
	j.wg.Wait()
}

// Silent: the loop also leaves on a channel another method sends on.

type kicked struct {
	stop chan struct{}
	kick chan bool
}

func newKicked() *kicked {
	k := &kicked{stop: make(chan struct{}), kick: make(chan bool)}
	go k.loop()
	return k
}

func (k *kicked) loop() {
	for {
		select {
		case <-k.stop:
			return
		case last := <-k.kick:
			if last {
				return
			}
		}
	}
}

func (k *kicked) Finish() { k.kick <- true }

// Silent: a stop channel that a method sends on (not closes) is a way out.

type sentStop struct {
	stop chan struct{}
}

func newSentStop() *sentStop {
	s := &sentStop{stop: make(chan struct{})}
	go s.loop()
	return s
}

func (s *sentStop) loop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-s.stop:
			return
		}
	}
}

func (s *sentStop) Stop() { s.stop <- struct{}{} }
