package atomics

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// A load generator (grpc's stress client): workers add to a total with
// atomics; the driver prints it. After wg.Wait every worker has finished.
var totalCalls int64

func worker(n int64) { atomic.AddInt64(&totalCalls, n) }

func drive(workers int) {
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			worker(1)
		}()
	}
	wg.Wait()
	fmt.Println("total calls:", totalCalls)
}

// The bad twin prints a progress line while the workers still run.
var totalCalls2 int64

func worker2(n int64) { atomic.AddInt64(&totalCalls2, n) }

func drive2(workers int) {
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			worker2(1)
		}()
	}
	fmt.Println("progress:", totalCalls2) // want `totalCalls2 is read without sync/atomic: it is accessed atomically elsewhere`
	wg.Wait()
}
