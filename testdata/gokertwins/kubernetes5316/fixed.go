// Package kubernetes5316 is the fixed twin of GoKer kernel kubernetes5316, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package kubernetes5316

import (
	"errors"
	"math/rand"
	"time"
)

// Fixed: the result channels have room for the one result, so the worker
// does not wait for a caller that timed out.

func finishRequest(timeout time.Duration, fn func() error) {
	ch := make(chan bool, 1)
	errCh := make(chan error, 1)
	go func() {
		if err := fn(); err != nil {
			errCh <- err
		} else {
			ch <- true
		}
	}()
	select {
	case <-ch:
	case <-errCh:
	case <-time.After(timeout):
	}
}

func Run() {
	go finishRequest(time.Microsecond, func() error {
		if rand.Intn(10) > 5 {
			return errors.New("failed")
		}
		return nil
	})
}
