package kubernetes_eventsinksleep

import (
	"testing"
	"time"
)

type fakeSink struct {
	events []string
}

func (f *fakeSink) Create(event string) error {
	f.events = append(f.events, event)
	return nil
}

func TestEventf(t *testing.T) {
	sink := &fakeSink{}
	r := NewRecorder(sink)
	r.Eventf("pod %s scheduled", "a")
	time.Sleep(100 * time.Millisecond) // WANT(sleepsync)
	if len(sink.events) != 1 {
		t.Fatalf("events = %v", sink.events)
	}
}
