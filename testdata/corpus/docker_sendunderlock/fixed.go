package docker_sendunderlock

// LogFixed releases the lock before the send.
func (l *eventsLog) LogFixed(ev event) {
	l.mu.Lock()
	l.events = append(l.events, ev)
	l.mu.Unlock()
	l.pub <- ev
}
