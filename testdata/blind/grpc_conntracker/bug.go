// Package grpcconntracker models a server-side connection tracker whose map
// of live transports is guarded by a mutex. Count, which the metrics loop
// calls on its own goroutine every few seconds, reads the map length without
// taking the mutex while accept and close paths mutate the map.
package grpcconntracker

import (
	"context"
	"net"
	"sync"
	"time"
)

// Gauge is a metrics gauge.
type Gauge interface {
	Set(v float64)
}

// connInfo describes one tracked transport.
type connInfo struct {
	remote      string
	established time.Time
	streams     int
}

// Tracker tracks live server transports.
type Tracker struct {
	mu    sync.Mutex
	conns map[net.Conn]*connInfo

	activeConns   Gauge
	activeStreams Gauge
	now           func() time.Time
	interval      time.Duration
}

// NewTracker returns a tracker that exports gauges.
func NewTracker(conns, streams Gauge) *Tracker {
	return &Tracker{conns: make(map[net.Conn]*connInfo), activeConns: conns, activeStreams: streams, now: time.Now, interval: 5 * time.Second}
}

// Add registers a new transport.
func (t *Tracker) Add(c net.Conn) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.conns[c] = &connInfo{remote: c.RemoteAddr().String(), established: t.now()}
}

// Remove deregisters a transport.
func (t *Tracker) Remove(c net.Conn) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.conns, c)
}

// StreamStarted increments the stream count of c.
func (t *Tracker) StreamStarted(c net.Conn) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if ci, ok := t.conns[c]; ok {
		ci.streams++
	}
}

// Count returns the number of live transports.
func (t *Tracker) Count() int {
	return len(t.conns) // WANT(guardedby)
}

func (t *Tracker) streams() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, ci := range t.conns {
		n += ci.streams
	}
	return n
}

// Run exports gauges until ctx is done.
func (t *Tracker) Run(ctx context.Context) {
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

// Server accepts connections and tracks them.
type Server struct {
	lis     net.Listener
	tracker *Tracker
	handle  func(net.Conn)
}

// Serve accepts until the listener fails.
func (s *Server) Serve(ctx context.Context) error {
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
