// Package kubernetes_sleepinformer models a Kubernetes flaky test: the test
// starts an informer-like loop in a goroutine, sleeps, and then asserts on
// the handler's results (a data race and a flake under load). The bug is in
// bug_test.go, the fixed twin in fixed_test.go.
package kubernetes_sleepinformer

type informer struct {
	events  chan string
	handler func(string)
}

func (i *informer) run() {
	for ev := range i.events {
		i.handler(ev)
	}
}
