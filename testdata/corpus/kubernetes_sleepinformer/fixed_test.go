package kubernetes_sleepinformer

import "testing"

func TestInformerHandlesAddFixed(t *testing.T) {
	got := make(chan string, 1)
	inf := &informer{events: make(chan string, 1), handler: func(s string) { got <- s }}
	go inf.run()
	inf.events <- "ADD pod-a"
	if s := <-got; s != "ADD pod-a" {
		t.Errorf("handler saw %q", s)
	}
	close(inf.events)
}
