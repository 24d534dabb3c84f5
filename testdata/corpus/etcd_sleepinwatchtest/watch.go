// Package etcd_sleepinwatchtest models the flaky-test pattern that etcd,
// Kubernetes and gRPC fixed many times: a test starts a goroutine and sleeps
// for a fixed time "to let it run" before checking what it produced; on a
// loaded CI machine the goroutine has not run yet and the test fails.
// The bug is in bug_test.go, the fixed twin in fixed_test.go.
package etcd_sleepinwatchtest

import "sync"

type watchStream struct {
	mu     sync.Mutex
	events []string
}

func (w *watchStream) deliver(ev string) {
	w.mu.Lock()
	w.events = append(w.events, ev)
	w.mu.Unlock()
}

func (w *watchStream) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.events)
}
