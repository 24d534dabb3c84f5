// Package usespawn starts goroutines through another package's helpers.
package usespawn

import (
	"sync"
	"time"

	"spawnhelp"
)

func load() (int, error) { return 1, nil }

// A helper that starts its argument on a goroutine is a go statement.
func refresh() error {
	var err error
	spawnhelp.Go(func() {
		_, err = load()
	})
	return err // want `err is read here while the goroutine started at line \d+ may still be writing it`
}

// Safe twin: the helper runs f on the caller's goroutine.
func refreshSync() error {
	var err error
	spawnhelp.Call(func() {
		_, err = load()
	})
	return err
}

// Helper goroutines of one loop all writing one variable.
func loadAll(n int) int {
	var r spawnhelp.Runner
	total := 0
	for i := 0; i < n; i++ {
		r.Run(func() {
			v, _ := load()
			total += v // want `total is written by every goroutine started in this loop without synchronization`
		})
	}
	r.Wait()
	return total
}

// Safe twin: under a mutex.
func loadAllLocked(n int) int {
	var r spawnhelp.Runner
	var mu sync.Mutex
	total := 0
	for i := 0; i < n; i++ {
		r.Run(func() {
			v, _ := load()
			mu.Lock()
			total += v
			mu.Unlock()
		})
	}
	r.Wait()
	return total
}

// A time.AfterFunc callback runs on its own goroutine.
func debounce() bool {
	fired := false
	time.AfterFunc(10*time.Millisecond, func() {
		fired = true
	})
	return fired // want `fired is read here while the goroutine started at line \d+ may still be writing it`
}

// The same through a helper that arms a timer.
func debounceHelper() bool {
	fired := false
	spawnhelp.Later(10*time.Millisecond, func() {
		fired = true
	})
	return fired // want `fired is read here while the goroutine started at line \d+ may still be writing it`
}

// Safe twin: the callback reports on a channel.
func debounceChan() bool {
	fired := make(chan bool, 1)
	time.AfterFunc(10*time.Millisecond, func() {
		fired <- true
	})
	return <-fired
}

// A local helper of the same package.
func spawn(f func()) { go f() }

func localHelper() int {
	n := 0
	spawn(func() { n = 1 })
	return n // want `n is read here while the goroutine started at line \d+ may still be writing it`
}

// A helper that runs its functions on goroutines and waits for them.
func parallel(fs ...func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f()
		}()
	}
	wg.Wait()
}

// Safe twin: the helper waits before returning.
func bothLoaded() (int, int) {
	var a, b int
	parallel(func() { a, _ = load() }, func() { b, _ = load() })
	return a, b
}
