package kubernetes_sleepinformer

import (
	"testing"
	"time"
)

func TestInformerHandlesAdd(t *testing.T) {
	var seen []string
	inf := &informer{events: make(chan string, 1), handler: func(s string) { seen = append(seen, s) }}
	go inf.run()
	inf.events <- "ADD pod-a"
	time.Sleep(50 * time.Millisecond) // WANT(sleepsync)
	if len(seen) != 1 {
		t.Errorf("handler saw %v", seen)
	}
}
