package ratelimitobserver

import (
	"sync"
	"time"
)

type LimiterFixed struct {
	rate  float64
	burst float64
	now   func() time.Time

	mu        sync.Mutex
	observer  Observer
	tokens    float64
	last      time.Time
	allowed   uint64
	throttled uint64
}

func NewLimiterFixed(cfg LimiterConfig) *LimiterFixed {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &LimiterFixed{
		rate:   cfg.Rate,
		burst:  float64(cfg.Burst),
		now:    now,
		tokens: float64(cfg.Burst),
		last:   now(),
	}
}

func (l *LimiterFixed) SetObserver(o Observer) {
	l.mu.Lock()
	l.observer = o
	l.mu.Unlock()
}

func (l *LimiterFixed) refillLocked() {
	now := l.now()
	elapsed := now.Sub(l.last).Seconds()
	l.last = now
	l.tokens += elapsed * l.rate
	if l.tokens > l.burst {
		l.tokens = l.burst
	}
}

func (l *LimiterFixed) Allow(path string) bool {
	l.mu.Lock()
	l.refillLocked()
	d := Throttled
	if l.tokens >= 1 {
		l.tokens--
		l.allowed++
		d = Allowed
	} else {
		l.throttled++
	}
	obs := l.observer
	l.mu.Unlock()

	if obs != nil {
		obs.ObserveDecision(path, d)
	}
	return d == Allowed
}

func (l *LimiterFixed) Stats() Stats {
	l.mu.Lock()
	defer l.mu.Unlock()
	return Stats{Tokens: l.tokens, Allowed: l.allowed, Throttled: l.throttled}
}

type QuotaManagerFixed struct {
	limiter *LimiterFixed
}

func NewQuotaManagerFixed(name string, cfg LimiterConfig, g Gauge) *QuotaManagerFixed {
	l := NewLimiterFixed(cfg)
	l.SetObserver(NewMetricsRecorder(name, l, g))
	return &QuotaManagerFixed{limiter: l}
}

func (m *QuotaManagerFixed) ApplyQuota(req *Request) bool {
	return m.limiter.Allow(req.Path)
}
