package grpc_transportclose

func (t *http2Client) closeStreamFixed(s *stream) error {
	t.mu.Lock()
	if t.state == 1 {
		t.mu.Unlock()
		return errTransportClosing
	}
	delete(t.activeStreams, s.id)
	t.mu.Unlock()
	return nil
}
