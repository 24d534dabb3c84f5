// Package cockroach_nilchan models a CockroachDB-style hang: a channel
// variable is declared but the make was lost in a refactoring, so the send
// on the nil channel blocks forever.
package cockroach_nilchan

type raftReady struct {
	entries []string
}

type raftScheduler struct {
	process func(r raftReady)
}

// enqueue hands a ready batch to the processing goroutine.
func (s *raftScheduler) enqueue(batches []raftReady) {
	var readyC chan raftReady
	go func() {
		for r := range readyC { // WANT(chanclose)
			s.process(r)
		}
	}()
	for _, b := range batches {
		readyC <- b // WANT(chanclose)
	}
}
