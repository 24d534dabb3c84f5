package kubernetes_eventsinksleep

import (
	"testing"
	"time"
)

type chanSink struct {
	events chan string
}

func (f *chanSink) Create(event string) error {
	f.events <- event
	return nil
}

// TestEventfFixed waits for the sink to receive the event.
func TestEventfFixed(t *testing.T) {
	sink := &chanSink{events: make(chan string, 1)}
	r := NewRecorder(sink)
	r.Eventf("pod %s scheduled", "a")
	select {
	case ev := <-sink.events:
		if ev != "pod a scheduled" {
			t.Fatalf("event = %q", ev)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
	}
}
