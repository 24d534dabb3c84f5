// Package etcd_closebyreceiver models an etcd-style panic: several producer
// goroutines send progress events on a channel, and the consumer closes the
// channel when it has seen enough. A producer that sends afterwards panics
// ("send on closed channel"); only a sender should close.
package etcd_closebyreceiver

const numShards = 4

type event struct {
	rev  int64
	done bool
}

type compactor struct {
	compactRange func(from, to int64) int64
}

// compact runs the shards in parallel and stops at the first finished one.
func (c *compactor) compact(shards [numShards][2]int64) int64 {
	events := make(chan event)
	for _, s := range shards {
		go func() {
			rev := c.compactRange(s[0], s[1])
			events <- event{rev: rev, done: true}
		}()
	}
	var last int64
	for ev := range events {
		last = ev.rev
		if ev.done {
			close(events) // WANT(chanclose)
		}
	}
	return last
}
