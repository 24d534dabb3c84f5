//go:build go1.21

// Package etcd_loopvarwatch models an etcd bug from before Go 1.22: a
// goroutine per watched key reads the range variable, which the loop
// keeps advancing, so several watchers watch the last key and the others
// are never watched. The build line gives the file Go 1.21 semantics.
package etcd_loopvarwatch

import (
	"context"
	"sync"
)

type watcher interface {
	Watch(ctx context.Context, key string) error
}

// watchAll starts one watcher per key.
func watchAll(ctx context.Context, w watcher, keys []string) {
	var wg sync.WaitGroup
	for _, key := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = w.Watch(ctx, key) // WANT(capturerace)
		}()
	}
	wg.Wait()
}
