package grpc_sleepshutdown

import (
	"sync"
	"sync/atomic"
)

// gracefulStopFixed waits for the drainers.
func (s *server) gracefulStopFixed() int64 {
	var drained atomic.Int64
	var wg sync.WaitGroup
	for _, c := range s.conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.drain(c)
			drained.Add(1)
		}()
	}
	wg.Wait()
	return drained.Load()
}
