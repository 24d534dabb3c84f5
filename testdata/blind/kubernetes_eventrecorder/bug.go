// Package kuberneteseventrecorder models an event broadcaster whose recorders
// send events into the broadcaster's incoming channel from any controller
// goroutine. Shutdown closes that channel with no guard against senders that
// are still running, so an event recorded during shutdown panics with a send
// on a closed channel.
package kuberneteseventrecorder

import (
	"fmt"
	"sync"
	"time"
)

// ObjectReference identifies the object an event is about.
type ObjectReference struct {
	Kind      string
	Namespace string
	Name      string
	UID       string
}

// Event is a recorded occurrence.
type Event struct {
	InvolvedObject ObjectReference
	Type           string
	Reason         string
	Message        string
	Source         string
	Timestamp      time.Time
}

// Sink persists events (e.g. to the API server).
type Sink interface {
	Create(e *Event) error
}

// Broadcaster distributes recorded events to sinks.
type Broadcaster struct {
	incoming chan Event
	sinks    []Sink
	wg       sync.WaitGroup
	dropped  func(Event)
}

// NewBroadcaster returns a broadcaster with a queue of queueLen events.
func NewBroadcaster(queueLen int, dropped func(Event), sinks ...Sink) *Broadcaster {
	b := &Broadcaster{incoming: make(chan Event, queueLen), sinks: sinks, dropped: dropped}
	b.wg.Add(1)
	go b.loop()
	return b
}

func (b *Broadcaster) loop() {
	defer b.wg.Done()
	for ev := range b.incoming {
		for _, s := range b.sinks {
			_ = s.Create(&ev)
		}
	}
}

// Action queues an event, dropping it if the queue is full.
func (b *Broadcaster) Action(ev Event) {
	select {
	case b.incoming <- ev: // WANT(chanclose)
	default:
		if b.dropped != nil {
			b.dropped(ev)
		}
	}
}

// Shutdown stops accepting events and waits for queued ones to be written.
func (b *Broadcaster) Shutdown() {
	close(b.incoming) // WANT(chanclose)
	b.wg.Wait()
}

// Recorder records events on behalf of one component.
type Recorder struct {
	b      *Broadcaster
	source string
	now    func() time.Time
}

// NewRecorder returns a recorder for component.
func (b *Broadcaster) NewRecorder(component string) *Recorder {
	return &Recorder{b: b, source: component, now: time.Now}
}

// Eventf records an event about obj.
func (r *Recorder) Eventf(obj ObjectReference, eventType, reason, format string, args ...any) {
	r.b.Action(Event{
		InvolvedObject: obj,
		Type:           eventType,
		Reason:         reason,
		Message:        fmt.Sprintf(format, args...),
		Source:         r.source,
		Timestamp:      r.now(),
	})
}
