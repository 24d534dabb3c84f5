// Package cockroachrpcstats models per-connection RPC statistics whose
// counters are bumped with atomic.AddInt64 from every stream goroutine. The
// Snapshot used by the status endpoint reads the same fields with plain
// loads, racing with the atomic writers.
package cockroachrpcstats

import (
	"encoding/json"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Stats counts traffic on one peer connection. Fields are updated atomically.
type Stats struct {
	bytesSent     int64
	bytesReceived int64
	msgsSent      int64
	msgsReceived  int64
	errors        int64
	lastActive    int64 // unix nanos
}

// StatsSnapshot is a point-in-time copy of Stats.
type StatsSnapshot struct {
	BytesSent     int64     `json:"bytes_sent"`
	BytesReceived int64     `json:"bytes_received"`
	MsgsSent      int64     `json:"msgs_sent"`
	MsgsReceived  int64     `json:"msgs_received"`
	Errors        int64     `json:"errors"`
	LastActive    time.Time `json:"last_active"`
}

// OnSend records an outbound message.
func (s *Stats) OnSend(n int, now time.Time) {
	atomic.AddInt64(&s.bytesSent, int64(n))
	atomic.AddInt64(&s.msgsSent, 1)
	atomic.StoreInt64(&s.lastActive, now.UnixNano())
}

// OnRecv records an inbound message.
func (s *Stats) OnRecv(n int, now time.Time) {
	atomic.AddInt64(&s.bytesReceived, int64(n))
	atomic.AddInt64(&s.msgsReceived, 1)
	atomic.StoreInt64(&s.lastActive, now.UnixNano())
}

// OnError records a failed RPC.
func (s *Stats) OnError() {
	atomic.AddInt64(&s.errors, 1)
}

// Snapshot returns a copy of the counters.
func (s *Stats) Snapshot() StatsSnapshot {
	return StatsSnapshot{
		BytesSent:     s.bytesSent,                // WANT(guardedby)
		BytesReceived: s.bytesReceived,            // WANT(guardedby)
		MsgsSent:      s.msgsSent,                 // WANT(guardedby)
		MsgsReceived:  s.msgsReceived,             // WANT(guardedby)
		Errors:        s.errors,                   // WANT(guardedby)
		LastActive:    time.Unix(0, s.lastActive), // WANT(guardedby)
	}
}

// StatsRegistry holds the stats of every peer.
type StatsRegistry struct {
	mu    sync.Mutex
	peers map[string]*Stats
}

// NewStatsRegistry returns an empty registry.
func NewStatsRegistry() *StatsRegistry {
	return &StatsRegistry{peers: make(map[string]*Stats)}
}

// ForPeer returns the stats for addr, creating them on first use.
func (r *StatsRegistry) ForPeer(addr string) *Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.peers[addr]
	if !ok {
		s = &Stats{}
		r.peers[addr] = s
	}
	return s
}

// ServeHTTP renders every peer's snapshot.
func (r *StatsRegistry) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	r.mu.Lock()
	out := make(map[string]StatsSnapshot, len(r.peers))
	for addr, s := range r.peers {
		out[addr] = s.Snapshot()
	}
	r.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}
