package leasekeepalive

import (
	"context"
	"sync"
	"time"
)

type KeepAliveFixed struct {
	client   LeaseClient
	logger   Logger
	id       LeaseID
	interval time.Duration

	mu     sync.Mutex
	stopCh chan struct{}
	ttl    int64
}

func NewKeepAliveFixed(c LeaseClient, l Logger, id LeaseID, interval time.Duration) *KeepAliveFixed {
	return &KeepAliveFixed{client: c, logger: l, id: id, interval: interval}
}

func (k *KeepAliveFixed) Start() {
	k.mu.Lock()
	if k.stopCh != nil {
		close(k.stopCh)
	}
	k.stopCh = make(chan struct{})
	stop := k.stopCh
	k.mu.Unlock()
	go k.run(stop)
}

func (k *KeepAliveFixed) run(stop <-chan struct{}) {
	t := time.NewTicker(k.interval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			k.renew()
		}
	}
}

func (k *KeepAliveFixed) renew() {
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

func (k *KeepAliveFixed) TTL() int64 {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.ttl
}

func (k *KeepAliveFixed) Stop() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.stopCh != nil {
		close(k.stopCh)
		k.stopCh = nil
	}
}

type SessionFixed struct {
	keepalive *KeepAliveFixed
}

func NewSessionFixed(c LeaseClient, l Logger, id LeaseID, ttl time.Duration) *SessionFixed {
	s := &SessionFixed{keepalive: NewKeepAliveFixed(c, l, id, ttl/3)}
	s.keepalive.Start()
	return s
}

func (s *SessionFixed) OnReconnect() {
	s.keepalive.Start()
}

func (s *SessionFixed) Close() {
	s.keepalive.Stop()
}
