package etcd_sleepinwatchtest

import (
	"testing"
	"time"
)

func TestWatchDelivers(t *testing.T) {
	w := &watchStream{}
	go func() {
		w.deliver("PUT foo")
		w.deliver("DELETE foo")
	}()
	time.Sleep(100 * time.Millisecond) // WANT(sleepsync)
	if n := w.count(); n != 2 {
		t.Fatalf("got %d events, want 2", n)
	}
}
