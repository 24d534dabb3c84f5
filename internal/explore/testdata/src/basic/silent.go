package basic

import (
	"context"
	"errors"
	"sync"
)

// Cancelling a parent context closes its children (context's own tests).
func cancelParent() {
	parent, cancel := context.WithCancelCause(context.Background())
	go cancel(errors.New("done"))
	child, stop := context.WithCancel(parent)
	defer stop()
	<-child.Done()
}

// A lock released by a goroutine that does not hold it (sync's own tests):
// the waiter can be woken by whoever hands the lock over.
func handOff() {
	var mu sync.Mutex
	locked := make(chan bool, 1)
	go func() {
		for i := 0; i < 2; i++ {
			mu.Lock()
			locked <- true
		}
	}()
	for i := 0; i < 2; i++ {
		<-locked
		mu.Unlock()
	}
}
