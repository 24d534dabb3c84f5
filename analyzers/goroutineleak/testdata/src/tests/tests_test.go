package tests

import (
	"sync"
	"testing"
	"time"
)

func read() error { return nil }

// Safe: the receiver leaves only after failing the test.
func TestTimeout(t *testing.T) {
	c := make(chan error)
	go func() {
		c <- read()
	}()
	select {
	case err := <-c:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(time.Second):
		t.Error("timed out")
	}
}

// The test hangs instead of failing: the worker skips Done on its error path.
func TestHang(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if err := read(); err != nil {
			t.Error(err)
			return
		}
		wg.Done()
	}()
	wg.Wait() // want `WaitGroup.Wait can block forever`
}

// Safe twin.
func TestNoHang(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := read(); err != nil {
			t.Error(err)
			return
		}
	}()
	wg.Wait()
}
