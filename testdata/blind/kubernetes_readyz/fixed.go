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

// checkReportFixed collects the outcome of one readiness run.
type checkReportFixed struct {
	mu       sync.Mutex
	started  time.Time
	duration time.Duration
	results  map[string]error
}

func (r *checkReportFixed) record(name string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.results[name] = err
}

func (r *checkReportFixed) summary() (failed []string, total int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for n, err := range r.results {
		if err != nil {
			failed = append(failed, n)
		}
	}
	sort.Strings(failed)
	return failed, len(r.results)
}

// ReadyzHandlerFixed serves /readyz.
type ReadyzHandlerFixed struct {
	checks  []HealthChecker
	timeout time.Duration
	now     func() time.Time
}

func (h *ReadyzHandlerFixed) runChecks(ctx context.Context) *checkReportFixed {
	ctx, cancel := context.WithTimeout(ctx, h.timeout)
	defer cancel()
	report := &checkReportFixed{started: h.now(), results: make(map[string]error, len(h.checks))}
	var wg sync.WaitGroup
	for _, c := range h.checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			report.record(c.Name(), c.Check(ctx))
		}()
	}
	wg.Wait()
	report.duration = h.now().Sub(report.started)
	return report
}

// ServeHTTP implements http.Handler.
func (h *ReadyzHandlerFixed) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	report := h.runChecks(req.Context())
	failed, total := report.summary()
	if len(failed) > 0 {
		http.Error(w, fmt.Sprintf("readyz check failed: %s", strings.Join(failed, ",")), http.StatusInternalServerError)
		return
	}
	fmt.Fprintf(w, "ok (%d checks in %s)\n", total, report.duration)
}
