// Package kubernetes_eventsinksleep models a flaky Kubernetes test of an
// event recorder: Eventf hands the event to the broadcaster's goroutine,
// which writes it to a sink; the test supplies a fake sink, sleeps, and
// asserts on what the fake recorded. The write happens on the
// broadcaster's goroutine, through the test's fake.
package kubernetes_eventsinksleep

import "fmt"

// An EventSink stores events.
type EventSink interface {
	Create(event string) error
}

// A Recorder delivers events to its sink on a goroutine per event.
type Recorder struct {
	sink EventSink
}

func NewRecorder(sink EventSink) *Recorder { return &Recorder{sink: sink} }

// Eventf records an event asynchronously.
func (r *Recorder) Eventf(format string, args ...any) {
	ev := fmt.Sprintf(format, args...)
	go func() {
		_ = r.sink.Create(ev)
	}()
}
