// Package ratelimitobserver models a token-bucket rate limit quota that
// notifies an Observer while still holding its mutex. The package's metrics
// recorder implements Observer by calling back into the limiter's Stats method,
// which takes the same non-reentrant mutex, so the first rejected request
// deadlocks the limiter.
package ratelimitobserver

import (
	"sync"
	"time"
)

type Decision int

const (
	Allowed Decision = iota
	Throttled
)

type Stats struct {
	Tokens    float64
	Allowed   uint64
	Throttled uint64
}

type Observer interface {
	ObserveDecision(path string, d Decision)
}

type StatsSource interface {
	Stats() Stats
}

type Gauge interface {
	Set(name string, v float64, labels ...string)
}

type Limiter struct {
	rate     float64
	burst    float64
	now      func() time.Time
	observer Observer

	mu        sync.Mutex
	tokens    float64
	last      time.Time
	allowed   uint64
	throttled uint64
}

type LimiterConfig struct {
	Rate  float64
	Burst int
	Now   func() time.Time
}

func NewLimiter(cfg LimiterConfig) *Limiter {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &Limiter{
		rate:   cfg.Rate,
		burst:  float64(cfg.Burst),
		now:    now,
		tokens: float64(cfg.Burst),
		last:   now(),
	}
}

func (l *Limiter) SetObserver(o Observer) {
	l.mu.Lock()
	l.observer = o
	l.mu.Unlock()
}

func (l *Limiter) refillLocked() {
	now := l.now()
	elapsed := now.Sub(l.last).Seconds()
	l.last = now
	l.tokens += elapsed * l.rate
	if l.tokens > l.burst {
		l.tokens = l.burst
	}
}

func (l *Limiter) Allow(path string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.refillLocked()
	d := Throttled
	if l.tokens >= 1 {
		l.tokens--
		l.allowed++
		d = Allowed
	} else {
		l.throttled++
	}
	if l.observer != nil {
		l.observer.ObserveDecision(path, d)
	}
	return d == Allowed
}

func (l *Limiter) Stats() Stats {
	l.mu.Lock() // WANT(doublelock)
	defer l.mu.Unlock()
	return Stats{Tokens: l.tokens, Allowed: l.allowed, Throttled: l.throttled}
}

// MetricsRecorder publishes quota gauges whenever the limiter rejects a request.
type MetricsRecorder struct {
	source StatsSource
	gauge  Gauge
	quota  string
}

func NewMetricsRecorder(quota string, source StatsSource, g Gauge) *MetricsRecorder {
	return &MetricsRecorder{source: source, gauge: g, quota: quota}
}

func (r *MetricsRecorder) ObserveDecision(path string, d Decision) {
	if d != Throttled {
		return
	}
	st := r.source.Stats()
	r.gauge.Set("vault.quota.rate_limit.tokens", st.Tokens, "quota", r.quota)
	r.gauge.Set("vault.quota.rate_limit.throttled", float64(st.Throttled), "quota", r.quota, "path", path)
}

type Request struct {
	Path string
}

type QuotaManager struct {
	limiter *Limiter
}

func NewQuotaManager(name string, cfg LimiterConfig, g Gauge) *QuotaManager {
	l := NewLimiter(cfg)
	l.SetObserver(NewMetricsRecorder(name, l, g))
	return &QuotaManager{limiter: l}
}

func (m *QuotaManager) ApplyQuota(req *Request) bool {
	return m.limiter.Allow(req.Path)
}
