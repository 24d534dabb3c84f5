package etcd_sleepinwatchtest

import "testing"

func TestWatchDeliversFixed(t *testing.T) {
	w := &watchStream{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.deliver("PUT foo")
		w.deliver("DELETE foo")
	}()
	<-done
	if n := w.count(); n != 2 {
		t.Fatalf("got %d events, want 2", n)
	}
}
