// Package requestcounter models an HTTP instrumentation middleware that counts
// requests and errors with atomic.AddUint64 on the hot path. Its Reset method,
// called by the scrape handler after each export in delta mode, zeroes the
// counters with plain assignments that race with the atomic increments.
package requestcounter

import (
	"net/http"
	"sync/atomic"
	"time"
)

type Exporter interface {
	Export(name string, value uint64, labels map[string]string) error
}

type Logger interface {
	Log(keyvals ...any) error
}

type RequestStats struct {
	requests    uint64
	errors      uint64
	bytesOut    uint64
	latencySumN uint64

	handler string
	clock   func() time.Time
}

func NewRequestStats(handler string) *RequestStats {
	return &RequestStats{handler: handler, clock: time.Now}
}

func (s *RequestStats) observe(code int, n int, d time.Duration) {
	atomic.AddUint64(&s.requests, 1)
	if code >= 500 {
		atomic.AddUint64(&s.errors, 1)
	}
	atomic.AddUint64(&s.bytesOut, uint64(n))
	atomic.AddUint64(&s.latencySumN, uint64(d.Nanoseconds()))
}

func (s *RequestStats) Snapshot() (requests, errors, bytesOut, latencyNanos uint64) {
	return atomic.LoadUint64(&s.requests),
		atomic.LoadUint64(&s.errors),
		atomic.LoadUint64(&s.bytesOut),
		atomic.LoadUint64(&s.latencySumN)
}

func (s *RequestStats) Reset() {
	s.requests = 0    // WANT(guardedby)
	s.errors = 0      // WANT(guardedby)
	s.bytesOut = 0    // WANT(guardedby)
	s.latencySumN = 0 // WANT(guardedby)
}

type statusRecorder struct {
	http.ResponseWriter
	code    int
	written int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.code = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.written += n
	return n, err
}

func (s *RequestStats) Instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		start := s.clock()
		rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(rec, req)
		s.observe(rec.code, rec.written, s.clock().Sub(start))
	})
}

type DeltaPusher struct {
	stats    *RequestStats
	exporter Exporter
	logger   Logger
}

func NewDeltaPusher(stats *RequestStats, e Exporter, l Logger) *DeltaPusher {
	return &DeltaPusher{stats: stats, exporter: e, logger: l}
}

func (p *DeltaPusher) Push() {
	reqs, errs, bytesOut, lat := p.stats.Snapshot()
	labels := map[string]string{"handler": p.stats.handler}
	for name, v := range map[string]uint64{
		"http_requests_delta":              reqs,
		"http_request_errors_delta":        errs,
		"http_response_bytes_delta":        bytesOut,
		"http_request_latency_nanos_delta": lat,
	} {
		if err := p.exporter.Export(name, v, labels); err != nil {
			_ = p.logger.Log("msg", "export failed", "metric", name, "err", err)
		}
	}
	p.stats.Reset()
}
