// Package defaults checks what is reported without flags: input read from
// outside the program, not collections passed in.
package defaults

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"
)

func index(path string) error { return nil }

// SAFE by default: the size of a parameter is decided by the caller
// (reported with -unboundedgo.collections, see the fanout scenario).
func IndexAll(paths []string) {
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Go(func() { _ = index(p) })
	}
	wg.Wait()
}

// BAD: one goroutine per directory entry.
func IndexDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	for _, e := range entries {
		wg.Go(func() { _ = index(filepath.Join(dir, e.Name())) }) // want `goroutine started for every element of entries \(the result of os.ReadDir\) with no bound`
	}
	wg.Wait()
	return nil
}

// SAFE twin: errgroup with a limit.
func IndexDirLimited(ctx context.Context, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	g, _ := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for _, e := range entries {
		g.Go(func() error { return index(filepath.Join(dir, e.Name())) })
	}
	return g.Wait()
}

// BAD: one goroutine per line of a file.
func IndexList(list string) error {
	data, err := os.ReadFile(list)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(data), "\n") {
		go index(line) // want `goroutine started for every element of strings.Split\(string\(data\), "\\n"\) \(split from the contents read by os.ReadFile\)`
	}
	return nil
}

// SAFE twin: a worker pool.
func IndexListPool(list string, workers int) error {
	data, err := os.ReadFile(list)
	if err != nil {
		return err
	}
	lines := make(chan string)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for l := range lines {
				_ = index(l)
			}
		})
	}
	for _, line := range strings.Split(string(data), "\n") {
		lines <- line
	}
	close(lines)
	wg.Wait()
	return nil
}

// SAFE by default: connections handed over by an accept loop (reported
// with -unboundedgo.accept).
func ServeConns(conns <-chan net.Conn) {
	for c := range conns {
		go func() { defer c.Close() }()
	}
}

// BAD: an errgroup over a glob, no limit.
func IndexGlob(ctx context.Context, pattern string) error {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return err
	}
	g, ctx := errgroup.WithContext(ctx)
	for _, m := range matches {
		g.Go(func() error { return index(m) }) // want `goroutine started for every element of matches \(the result of filepath.Glob\) with no bound: call g.SetLimit before the loop`
	}
	return g.Wait()
}

// readDir wraps a listing.
func readDir(dir string) ([]os.DirEntry, error) {
	if dir == "" {
		dir = "."
	}
	return os.ReadDir(dir)
}

// BAD: one goroutine per entry of a listing wrapper, recursively.
func Walk(dir string, wg *sync.WaitGroup) {
	entries, _ := readDir(dir)
	for _, e := range entries {
		if e.IsDir() {
			wg.Go(func() { Walk(filepath.Join(dir, e.Name()), wg) }) // want `goroutine started for every element of entries \(the result of readDir\)`
		}
	}
}

var ioLimit = make(chan bool, 20)

// SAFE twin: the walk acquires a slot before its work, after cheap
// filters.
func WalkLimited(dir string, wg *sync.WaitGroup) {
	base := filepath.Base(dir)
	if base == "" || base[0] == '.' {
		return
	}
	ioLimit <- true
	entries, _ := readDir(dir)
	<-ioLimit
	for _, e := range entries {
		if e.IsDir() {
			wg.Go(func() { WalkLimited(filepath.Join(dir, e.Name()), wg) })
		}
	}
}

// SAFE: a recursive walk through a local closure that acquires a slot
// first (the shape of x/tools' buildutil.ForEachPackage).
func WalkClosure(root string) {
	var wg sync.WaitGroup
	var walk func(dir string)
	walk = func(dir string) {
		if filepath.Base(dir) == "testdata" {
			return
		}
		ioLimit <- true
		entries, _ := readDir(dir)
		<-ioLimit
		for _, e := range entries {
			if e.IsDir() {
				wg.Go(func() { walk(filepath.Join(dir, e.Name())) })
			}
		}
	}
	walk(root)
	wg.Wait()
}

// BAD twin of WalkClosure: no slot.
func WalkClosureUnlimited(root string) {
	var wg sync.WaitGroup
	var walk func(dir string)
	walk = func(dir string) {
		entries, _ := readDir(dir)
		for _, e := range entries {
			if e.IsDir() {
				wg.Go(func() { walk(filepath.Join(dir, e.Name())) }) // want `goroutine started for every element of entries \(the result of readDir\)`
			}
		}
	}
	walk(root)
	wg.Wait()
}

// SAFE twin of IndexGlob: a semaphore channel.
func IndexGlobSem(pattern string) error {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return err
	}
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for _, m := range matches {
		sem <- struct{}{}
		wg.Go(func() { defer func() { <-sem }(); _ = index(m) })
	}
	wg.Wait()
	return nil
}
