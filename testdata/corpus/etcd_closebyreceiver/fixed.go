package etcd_closebyreceiver

import "sync"

// compactFixed lets the senders' side close the channel after all of them
// are done.
func (c *compactor) compactFixed(shards [numShards][2]int64) int64 {
	events := make(chan event, len(shards))
	var wg sync.WaitGroup
	for _, s := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rev := c.compactRange(s[0], s[1])
			events <- event{rev: rev, done: true}
		}()
	}
	go func() {
		wg.Wait()
		close(events)
	}()
	var last int64
	for ev := range events {
		last = max(last, ev.rev)
	}
	return last
}
