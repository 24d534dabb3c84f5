// Package moby33781 is the fixed twin of GoKer kernel moby33781, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package moby33781

import (
	"context"
	"time"
)

// Fixed: the probe's result channel has room for its one result, so the
// probe does not wait for a monitor that stopped.

func monitor(stop chan bool) {
	for {
		select {
		case <-stop:
			return
		case <-time.After(time.Millisecond):
			results := make(chan bool, 1)
			ctx, cancelProbe := context.WithTimeout(context.Background(), time.Millisecond)
			go func() {
				results <- true
				close(results)
			}()
			select {
			case <-stop:
				cancelProbe()
				return
			case <-results:
				cancelProbe()
			case <-ctx.Done():
				cancelProbe()
				<-results
			}
		}
	}
}

func Run() {
	stop := make(chan bool)
	go monitor(stop)
	go func() { stop <- true }()
}
