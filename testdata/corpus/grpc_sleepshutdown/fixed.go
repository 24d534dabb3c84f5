package grpc_sleepshutdown

import (
	"sync"
	"sync/atomic"
)

// gracefulStopFixed waits for the drainers.
func (s *server) gracefulStopFixed() int64 {
	var drained atomic.Int64
	var wg sync.WaitGroup
	for d := 0; d < numDrainers; d++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := d; i < len(s.conns); i += numDrainers {
				s.drain(s.conns[i])
				drained.Add(1)
			}
		}()
	}
	wg.Wait()
	return drained.Load()
}
