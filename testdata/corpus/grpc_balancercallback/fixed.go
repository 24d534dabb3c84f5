package grpc_balancercallback

func (b *balancerWrapper) regeneratePickerLocked() {
	n := 0
	for _, s := range b.subConns {
		if s == Ready {
			n++
		}
	}
	if n > 0 {
		b.picker = "round_robin"
	} else {
		b.picker = "error"
	}
}

// UpdateSubConnStateFixed does all the work under one acquisition.
func (b *balancerWrapper) UpdateSubConnStateFixed(addr string, s ConnectivityState) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.subConns[addr] = s
	b.regeneratePickerLocked()
}
