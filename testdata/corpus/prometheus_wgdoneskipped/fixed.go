package prometheus_wgdoneskipped

import "sync"

// flushAllFixed defers Done.
func flushAllFixed(shards *[numShards]*shard) {
	var wg sync.WaitGroup
	for _, s := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.flush(); err != nil {
				return
			}
		}()
	}
	wg.Wait()
}
