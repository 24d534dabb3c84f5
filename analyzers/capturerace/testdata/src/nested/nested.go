// Package nested holds goroutines started by other goroutines, and
// captured variables written through a pointer taken in the spawner (the
// shapes of a fan-out driven from a background goroutine, as in a
// prefetcher or a module cache downloading each module of a batch).
package nested

import (
	"sync"
)

func fetch(string) int { return 0 }

// A background goroutine fans out one goroutine per item; every inner
// goroutine adds to the same counter.
func prefetch(items []string) {
	total := 0
	go func() {
		for _, it := range items {
			go func() {
				total += fetch(it) // want `total is written by every goroutine started in this loop`
			}()
		}
	}()
}

// Safe twin: the inner goroutines add under a lock.
func prefetchLocked(items []string) {
	var mu sync.Mutex
	total := 0
	go func() {
		for _, it := range items {
			go func() {
				mu.Lock()
				total += fetch(it)
				mu.Unlock()
			}()
		}
	}()
}

// The inner goroutines append to a slice captured from the outermost
// function, and the outer goroutine waits for them: still a race between
// them.
func collect(items []string) []int {
	var out []int
	done := make(chan struct{})
	go func() {
		defer close(done)
		var wg sync.WaitGroup
		for _, it := range items {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out = append(out, fetch(it)) // want `out is written by every goroutine started in this loop`
			}()
		}
		wg.Wait()
	}()
	<-done
	return out
}

// Safe twin: results by index, read after the waits.
func collectIndexed(items []string) []int {
	out := make([]int, len(items))
	done := make(chan struct{})
	go func() {
		defer close(done)
		var wg sync.WaitGroup
		for i, it := range items {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out[i] = fetch(it)
			}()
		}
		wg.Wait()
	}()
	<-done
	return out
}

// A pointer to a local, taken before the goroutine, written through by
// the goroutine while the spawner reads the local.
func sumAlias(items []string) int {
	total := 0
	p := &total
	go func() {
		for _, it := range items {
			*p += fetch(it)
		}
	}()
	return total // want `total is read here while the goroutine`
}

// Safe twin: the spawner waits before reading.
func sumAliasWait(items []string) int {
	total := 0
	p := &total
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, it := range items {
			*p += fetch(it)
		}
	}()
	wg.Wait()
	return total
}

// The alias in a loop: every goroutine adds through p.
func countAlias(items []string) int {
	count := 0
	p := &count
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			*p += fetch(it) // want `count is written by every goroutine started in this loop`
		}()
	}
	wg.Wait()
	return count
}

// Safe twin: one goroutine at a time (each iteration waits).
func countAliasSerial(items []string) int {
	count := 0
	p := &count
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			*p += fetch(it)
		}()
		wg.Wait()
	}
	return count
}
