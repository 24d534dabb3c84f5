package cockroach_nilchan

// enqueueFixed makes the channel and closes it when done.
func (s *raftScheduler) enqueueFixed(batches []raftReady) {
	readyC := make(chan raftReady)
	go func() {
		for r := range readyC {
			s.process(r)
		}
	}()
	for _, b := range batches {
		readyC <- b
	}
	close(readyC)
}
