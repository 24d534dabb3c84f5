package kuberneteseventrecorder

import (
	"fmt"
	"sync"
	"time"
)

// BroadcasterFixed distributes recorded events to sinks. incomingLock makes
// the closed check and the send atomic with respect to Shutdown's close.
type BroadcasterFixed struct {
	incomingLock sync.RWMutex
	stopped      bool
	incoming     chan Event
	sinks        []Sink
	wg           sync.WaitGroup
	dropped      func(Event)
}

// NewBroadcasterFixed returns a broadcaster with a queue of queueLen events.
func NewBroadcasterFixed(queueLen int, dropped func(Event), sinks ...Sink) *BroadcasterFixed {
	b := &BroadcasterFixed{incoming: make(chan Event, queueLen), sinks: sinks, dropped: dropped}
	b.wg.Add(1)
	go b.loop()
	return b
}

func (b *BroadcasterFixed) loop() {
	defer b.wg.Done()
	for ev := range b.incoming {
		for _, s := range b.sinks {
			_ = s.Create(&ev)
		}
	}
}

// Action queues an event, dropping it if the queue is full or the
// broadcaster has been shut down.
func (b *BroadcasterFixed) Action(ev Event) {
	b.incomingLock.RLock()
	defer b.incomingLock.RUnlock()
	if b.stopped {
		if b.dropped != nil {
			b.dropped(ev)
		}
		return
	}
	select {
	case b.incoming <- ev:
	default:
		if b.dropped != nil {
			b.dropped(ev)
		}
	}
}

// Shutdown stops accepting events and waits for queued ones to be written.
func (b *BroadcasterFixed) Shutdown() {
	b.incomingLock.Lock()
	if b.stopped {
		b.incomingLock.Unlock()
		return
	}
	b.stopped = true
	close(b.incoming)
	b.incomingLock.Unlock()
	b.wg.Wait()
}

// RecorderFixed records events on behalf of one component.
type RecorderFixed struct {
	b      *BroadcasterFixed
	source string
	now    func() time.Time
}

// NewRecorder returns a recorder for component.
func (b *BroadcasterFixed) NewRecorder(component string) *RecorderFixed {
	return &RecorderFixed{b: b, source: component, now: time.Now}
}

// Eventf records an event about obj.
func (r *RecorderFixed) Eventf(obj ObjectReference, eventType, reason, format string, args ...any) {
	r.b.Action(Event{
		InvolvedObject: obj,
		Type:           eventType,
		Reason:         reason,
		Message:        fmt.Sprintf(format, args...),
		Source:         r.source,
		Timestamp:      r.now(),
	})
}
