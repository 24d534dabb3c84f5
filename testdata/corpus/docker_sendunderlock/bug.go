// Package docker_sendunderlock models a Moby/Docker deadlock from the Go bug
// studies: a publisher sends on an unbuffered channel while holding its
// mutex, and the only receiver must take the same mutex before it receives
// (to read the subscriber list), so neither side can proceed.
package docker_sendunderlock

import "sync"

type event struct {
	action string
	id     string
}

type eventsLog struct {
	mu     sync.Mutex
	events []event
	pub    chan event
}

// Log records ev and hands it to the publisher goroutine.
func (l *eventsLog) Log(ev event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, ev)
	l.pub <- ev // WANT(chanlock)
}

// publish is the receiver goroutine.
func (l *eventsLog) publish(out func(event, int)) {
	for {
		l.mu.Lock()
		n := len(l.events)
		l.mu.Unlock()
		ev := <-l.pub
		out(ev, n)
	}
}
