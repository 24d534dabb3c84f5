// Package kubernetesreadyz models an API server readiness endpoint that runs
// every registered health check on its own goroutine. Each goroutine stores
// its outcome in the results map held by a report struct that the closures
// capture, so the checks write one map concurrently with no lock.
package kubernetesreadyz

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// HealthChecker is a named readiness check.
type HealthChecker interface {
	Name() string
	Check(ctx context.Context) error
}

// checkReport collects the outcome of one readiness run.
type checkReport struct {
	started  time.Time
	duration time.Duration
	results  map[string]error
}

func (r *checkReport) failed() []string {
	var names []string
	for n, err := range r.results {
		if err != nil {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// ReadyzHandler serves /readyz.
type ReadyzHandler struct {
	checks  []HealthChecker
	timeout time.Duration
	now     func() time.Time
}

// NewReadyzHandler returns a handler running checks with a per-run timeout.
func NewReadyzHandler(timeout time.Duration, checks ...HealthChecker) *ReadyzHandler {
	return &ReadyzHandler{checks: checks, timeout: timeout, now: time.Now}
}

func (h *ReadyzHandler) runChecks(ctx context.Context) *checkReport {
	ctx, cancel := context.WithTimeout(ctx, h.timeout)
	defer cancel()
	report := &checkReport{started: h.now(), results: make(map[string]error, len(h.checks))}
	var wg sync.WaitGroup
	for _, c := range h.checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			report.results[c.Name()] = c.Check(ctx) // WANT(capturerace)
		}()
	}
	wg.Wait()
	report.duration = h.now().Sub(report.started)
	return report
}

// ServeHTTP implements http.Handler.
func (h *ReadyzHandler) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	report := h.runChecks(req.Context())
	failed := report.failed()
	if len(failed) > 0 {
		http.Error(w, fmt.Sprintf("readyz check failed: %s", strings.Join(failed, ",")), http.StatusInternalServerError)
		return
	}
	fmt.Fprintf(w, "ok (%d checks in %s)\n", len(report.results), report.duration)
}
