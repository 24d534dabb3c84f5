//go:build go1.21

// Package oldloop is compiled with Go 1.21 semantics (the build line sets
// the file's version): a loop variable is one variable for the whole loop.
package oldloop

import (
	"fmt"
	"sync"
)

func process(s string) {}

// Every goroutine reads host, which the loop keeps advancing.
func pingAll(hosts []string) {
	var wg sync.WaitGroup
	for _, host := range hosts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			process(host) // want `loop variable host is shared by every iteration \(the file's Go version is go1.21\): the goroutine started at line \d+ reads it while the loop advances it`
		}()
	}
	wg.Wait()
}

// Safe twin: the value is passed as an argument.
func pingAllArg(hosts []string) {
	var wg sync.WaitGroup
	for _, host := range hosts {
		wg.Add(1)
		go func(h string) {
			defer wg.Done()
			process(h)
		}(host)
	}
	wg.Wait()
}

// Safe twin: the pre-1.22 idiom, a copy per iteration.
func pingAllCopy(hosts []string) {
	var wg sync.WaitGroup
	for _, host := range hosts {
		host := host
		wg.Add(1)
		go func() {
			defer wg.Done()
			process(host)
		}()
	}
	wg.Wait()
}

// Safe twin: the iteration waits for its goroutine before advancing.
func pingEachWait(hosts []string) {
	for _, host := range hosts {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			process(host)
		}()
		wg.Wait()
	}
}

// A three-clause loop: i is advanced by i++.
func counters(n int) {
	for i := 0; i < n; i++ {
		go func() {
			fmt.Println(i) // want `loop variable i is shared by every iteration`
		}()
	}
}
