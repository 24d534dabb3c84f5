package cockroachrpcstats

import (
	"encoding/json"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// StatsFixed counts traffic on one peer connection.
type StatsFixed struct {
	bytesSent     atomic.Int64
	bytesReceived atomic.Int64
	msgsSent      atomic.Int64
	msgsReceived  atomic.Int64
	errors        atomic.Int64
	lastActive    atomic.Int64 // unix nanos
}

// OnSend records an outbound message.
func (s *StatsFixed) OnSend(n int, now time.Time) {
	s.bytesSent.Add(int64(n))
	s.msgsSent.Add(1)
	s.lastActive.Store(now.UnixNano())
}

// OnRecv records an inbound message.
func (s *StatsFixed) OnRecv(n int, now time.Time) {
	s.bytesReceived.Add(int64(n))
	s.msgsReceived.Add(1)
	s.lastActive.Store(now.UnixNano())
}

// OnError records a failed RPC.
func (s *StatsFixed) OnError() {
	s.errors.Add(1)
}

// Snapshot returns a copy of the counters.
func (s *StatsFixed) Snapshot() StatsSnapshot {
	return StatsSnapshot{
		BytesSent:     s.bytesSent.Load(),
		BytesReceived: s.bytesReceived.Load(),
		MsgsSent:      s.msgsSent.Load(),
		MsgsReceived:  s.msgsReceived.Load(),
		Errors:        s.errors.Load(),
		LastActive:    time.Unix(0, s.lastActive.Load()),
	}
}

// StatsRegistryFixed holds the stats of every peer.
type StatsRegistryFixed struct {
	mu    sync.Mutex
	peers map[string]*StatsFixed
}

// ForPeer returns the stats for addr, creating them on first use.
func (r *StatsRegistryFixed) ForPeer(addr string) *StatsFixed {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.peers[addr]
	if !ok {
		s = &StatsFixed{}
		r.peers[addr] = s
	}
	return s
}

// ServeHTTP renders every peer's snapshot.
func (r *StatsRegistryFixed) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	r.mu.Lock()
	out := make(map[string]StatsSnapshot, len(r.peers))
	for addr, s := range r.peers {
		out[addr] = s.Snapshot()
	}
	r.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}
