// Package leasekeepalive models a client lease keepalive whose Start creates
// a fresh stop channel and launches a goroutine that selects on a ticker and
// that channel. The session calls Start again after every reconnect, so Stop
// only closes the newest channel and the goroutines started earlier keep
// renewing the lease forever, waiting on a stop channel nobody will close.
package leasekeepalive

import (
	"context"
	"sync"
	"time"
)

type LeaseID int64

type LeaseClient interface {
	KeepAliveOnce(ctx context.Context, id LeaseID) (ttl int64, err error)
}

type Logger interface {
	Warn(msg string, fields ...any)
}

type KeepAlive struct {
	client   LeaseClient
	logger   Logger
	id       LeaseID
	interval time.Duration

	mu     sync.Mutex
	stopCh chan struct{}
	ttl    int64
}

func NewKeepAlive(c LeaseClient, l Logger, id LeaseID, interval time.Duration) *KeepAlive {
	return &KeepAlive{client: c, logger: l, id: id, interval: interval}
}

func (k *KeepAlive) Start() {
	k.mu.Lock()
	k.stopCh = make(chan struct{})
	stop := k.stopCh
	k.mu.Unlock()
	go k.run(stop)
}

func (k *KeepAlive) run(stop <-chan struct{}) {
	t := time.NewTicker(k.interval)
	defer t.Stop()
	for {
		select {
		case <-stop: // WANT(goroutineleak)
			return
		case <-t.C:
			k.renew()
		}
	}
}

func (k *KeepAlive) renew() {
	ctx, cancel := context.WithTimeout(context.Background(), k.interval)
	defer cancel()
	ttl, err := k.client.KeepAliveOnce(ctx, k.id)
	if err != nil {
		k.logger.Warn("lease keepalive failed", "lease", k.id, "error", err)
		return
	}
	k.mu.Lock()
	k.ttl = ttl
	k.mu.Unlock()
}

func (k *KeepAlive) TTL() int64 {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.ttl
}

func (k *KeepAlive) Stop() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.stopCh != nil {
		close(k.stopCh)
		k.stopCh = nil
	}
}

type Session struct {
	keepalive *KeepAlive
}

func NewSession(c LeaseClient, l Logger, id LeaseID, ttl time.Duration) *Session {
	s := &Session{keepalive: NewKeepAlive(c, l, id, ttl/3)}
	s.keepalive.Start()
	return s
}

func (s *Session) OnReconnect() {
	s.keepalive.Start()
}

func (s *Session) Close() {
	s.keepalive.Stop()
}
