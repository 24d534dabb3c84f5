// Package globals has package variables that a goroutine of the package
// reads while a setter (or a test) may write them.
package globals

import (
	"sync"
	"sync/atomic"
	"time"
)

// A tunable interval read by the refresh loop, overridden by tests through
// a setter while the loop runs.
var refreshInterval = 30 * time.Second

func SetRefreshInterval(d time.Duration) {
	refreshInterval = d // want `refreshInterval is written without synchronization while the goroutine started at globals.go:\d+ reads it \(line \d+\)`
}

type refresher struct {
	stop chan struct{}
}

func (r *refresher) Start() {
	go r.loop()
}

func (r *refresher) loop() {
	for {
		select {
		case <-r.stop:
			return
		case <-time.After(refreshInterval):
		}
	}
}

// A hook replaced by tests, called by a background goroutine.
var onEvict = func(string) {}

func startJanitor(keys <-chan string) {
	go func() {
		for k := range keys {
			onEvict(k)
		}
	}()
}

func setEvictHook(f func(string)) {
	onEvict = f // want `onEvict is written without synchronization while the goroutine started at globals.go:\d+ reads it`
}

// The safe twins: an atomic, a lock, and a variable written only by init.
var retryDelay atomic.Int64

var (
	limitMu sync.Mutex
	limit   = 10
)

var defaultTimeout = 5 * time.Second

func init() {
	defaultTimeout = 10 * time.Second
}

func SetRetryDelay(d time.Duration) { retryDelay.Store(int64(d)) }

func SetLimit(n int) {
	limitMu.Lock()
	limit = n
	limitMu.Unlock()
}

func startWorker(jobs <-chan int) {
	go func() {
		for j := range jobs {
			time.Sleep(time.Duration(retryDelay.Load()))
			limitMu.Lock()
			n := limit
			limitMu.Unlock()
			_ = j + n
			time.Sleep(defaultTimeout)
		}
	}()
}

// A variable no goroutine reads may be written freely.
var verbose bool

func SetVerbose(v bool) { verbose = v }

func logf(string) bool { return verbose }
