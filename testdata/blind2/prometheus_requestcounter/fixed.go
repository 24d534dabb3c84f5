package requestcounter

import (
	"net/http"
	"sync/atomic"
	"time"
)

type RequestStatsFixed struct {
	requests    uint64
	errors      uint64
	bytesOut    uint64
	latencySumN uint64

	handler string
	clock   func() time.Time
}

func NewRequestStatsFixed(handler string) *RequestStatsFixed {
	return &RequestStatsFixed{handler: handler, clock: time.Now}
}

func (s *RequestStatsFixed) observe(code int, n int, d time.Duration) {
	atomic.AddUint64(&s.requests, 1)
	if code >= 500 {
		atomic.AddUint64(&s.errors, 1)
	}
	atomic.AddUint64(&s.bytesOut, uint64(n))
	atomic.AddUint64(&s.latencySumN, uint64(d.Nanoseconds()))
}

// SnapshotAndReset returns the counts accumulated since the previous call.
func (s *RequestStatsFixed) SnapshotAndReset() (requests, errors, bytesOut, latencyNanos uint64) {
	return atomic.SwapUint64(&s.requests, 0),
		atomic.SwapUint64(&s.errors, 0),
		atomic.SwapUint64(&s.bytesOut, 0),
		atomic.SwapUint64(&s.latencySumN, 0)
}

func (s *RequestStatsFixed) Instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		start := s.clock()
		rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(rec, req)
		s.observe(rec.code, rec.written, s.clock().Sub(start))
	})
}

type DeltaPusherFixed struct {
	stats    *RequestStatsFixed
	exporter Exporter
	logger   Logger
}

func NewDeltaPusherFixed(stats *RequestStatsFixed, e Exporter, l Logger) *DeltaPusherFixed {
	return &DeltaPusherFixed{stats: stats, exporter: e, logger: l}
}

func (p *DeltaPusherFixed) Push() {
	reqs, errs, bytesOut, lat := p.stats.SnapshotAndReset()
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
}
