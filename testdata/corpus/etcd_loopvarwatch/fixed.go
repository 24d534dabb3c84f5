//go:build go1.21

package etcd_loopvarwatch

import (
	"context"
	"sync"
)

// watchAllFixed passes the key as an argument.
func watchAllFixed(ctx context.Context, w watcher, keys []string) {
	var wg sync.WaitGroup
	for _, key := range keys {
		wg.Add(1)
		go func(key string) {
			defer wg.Done()
			_ = w.Watch(ctx, key)
		}(key)
	}
	wg.Wait()
}
