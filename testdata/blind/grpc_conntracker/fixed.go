package grpcconntracker

import (
	"context"
	"net"
	"sync"
	"time"
)

// TrackerFixed tracks live server transports.
type TrackerFixed struct {
	mu    sync.Mutex
	conns map[net.Conn]*connInfo

	activeConns   Gauge
	activeStreams Gauge
	now           func() time.Time
	interval      time.Duration
}

// Add registers a new transport.
func (t *TrackerFixed) Add(c net.Conn) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.conns[c] = &connInfo{remote: c.RemoteAddr().String(), established: t.now()}
}

// Remove deregisters a transport.
func (t *TrackerFixed) Remove(c net.Conn) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.conns, c)
}

// StreamStarted increments the stream count of c.
func (t *TrackerFixed) StreamStarted(c net.Conn) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if ci, ok := t.conns[c]; ok {
		ci.streams++
	}
}

// Count returns the number of live transports.
func (t *TrackerFixed) Count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.conns)
}

func (t *TrackerFixed) streams() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, ci := range t.conns {
		n += ci.streams
	}
	return n
}

// Run exports gauges until ctx is done.
func (t *TrackerFixed) Run(ctx context.Context) {
	tick := time.NewTicker(t.interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			t.activeConns.Set(float64(t.Count()))
			t.activeStreams.Set(float64(t.streams()))
		}
	}
}

// ServerFixed accepts connections and tracks them.
type ServerFixed struct {
	lis     net.Listener
	tracker *TrackerFixed
	handle  func(net.Conn)
}

// Serve accepts until the listener fails.
func (s *ServerFixed) Serve(ctx context.Context) error {
	go s.tracker.Run(ctx)
	for {
		c, err := s.lis.Accept()
		if err != nil {
			return err
		}
		s.tracker.Add(c)
		go func() {
			defer s.tracker.Remove(c)
			defer c.Close()
			s.handle(c)
		}()
	}
}
