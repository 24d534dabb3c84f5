package docker_registrydial

// GetFixed refills without the lock and takes it afterwards.
func (p *sessionPool) GetFixed() (*session, error) {
	p.mu.Lock()
	closed, empty := p.closed, len(p.idle) == 0
	p.mu.Unlock()
	if closed {
		return nil, errPoolClosed
	}
	if empty {
		if err := p.refill(); err != nil {
			return nil, err
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.idle[len(p.idle)-1]
	p.idle = p.idle[:len(p.idle)-1]
	return s, nil
}
