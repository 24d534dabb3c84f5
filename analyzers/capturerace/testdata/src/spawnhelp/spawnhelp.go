// Package spawnhelp holds goroutine helpers of the kind services wrap
// around go statements (recover and log, count in a WaitGroup).
package spawnhelp

import (
	"log"
	"sync"
	"time"
)

// Go runs f on a new goroutine that recovers and logs a panic.
func Go(f func()) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Print(r)
			}
		}()
		f()
	}()
}

// A Runner tracks the goroutines it starts.
type Runner struct{ wg sync.WaitGroup }

// Run starts f on a goroutine the runner waits for in Wait.
func (r *Runner) Run(f func()) {
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		f()
	}()
}

// Wait waits for every goroutine Run started.
func (r *Runner) Wait() { r.wg.Wait() }

// Later runs f after d on the timer's goroutine.
func Later(d time.Duration, f func()) *time.Timer {
	return time.AfterFunc(d, f)
}

// Call runs f on the caller's goroutine.
func Call(f func()) { f() }
