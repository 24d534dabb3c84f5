package gvisor_checklocksread

// StatsFixed takes each lock its field's annotation names.
func (e *endpoint) StatsFixed() (rcv, snd int) {
	e.sndMu.Lock()
	snd = e.sndBufUsed
	e.sndMu.Unlock()
	e.rcvQueueMu.Lock()
	rcv = e.rcvBufUsed
	e.rcvQueueMu.Unlock()
	return rcv, snd
}
