// Package nocalls uses sync, testing and time without any call the
// IR-based staticcheck checks look for: they build no IR here.
package nocalls

import (
	"sync"
	"testing"
	"time"
)

func lockUnlock(mu *sync.Mutex) {
	mu.Lock()
	defer mu.Unlock()
	defer func() { mu.Lock() }()
}

func fatal(t *testing.T) {
	t.Fatal("in the test's goroutine")
}

func sleep() {
	time.Sleep(time.Millisecond)
	_ = time.NewTicker(time.Second)
}
