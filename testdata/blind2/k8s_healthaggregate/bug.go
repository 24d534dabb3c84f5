// Package healthaggregate models a readiness endpoint that runs every
// registered dependency check on its own goroutine and collects the outcomes
// in a map before rendering them. The goroutines all insert into the same
// captured map with no lock; the WaitGroup only orders them before the final
// read, not against each other.
package healthaggregate

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"sync"
	"time"
)

type Checker interface {
	Name() string
	Check(ctx context.Context) error
}

type CheckResult struct {
	Healthy  bool          `json:"healthy"`
	Error    string        `json:"error,omitempty"`
	Duration time.Duration `json:"duration"`
}

type Report struct {
	Status string                 `json:"status"`
	Checks map[string]CheckResult `json:"checks"`
}

type Aggregator struct {
	checks  []Checker
	timeout time.Duration
	now     func() time.Time
}

func NewAggregator(timeout time.Duration, checks ...Checker) *Aggregator {
	return &Aggregator{checks: checks, timeout: timeout, now: time.Now}
}

func (a *Aggregator) runCheck(ctx context.Context, c Checker) CheckResult {
	start := a.now()
	err := c.Check(ctx)
	res := CheckResult{Healthy: err == nil, Duration: a.now().Sub(start)}
	if err != nil {
		res.Error = err.Error()
	}
	return res
}

func (a *Aggregator) Evaluate(ctx context.Context) Report {
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()

	results := make(map[string]CheckResult, len(a.checks))
	var wg sync.WaitGroup
	for _, c := range a.checks {
		wg.Add(1)
		go func(c Checker) {
			defer wg.Done()
			results[c.Name()] = a.runCheck(ctx, c) // WANT(capturerace)
		}(c)
	}
	wg.Wait()

	rep := Report{Status: "ok", Checks: results}
	for _, r := range results {
		if !r.Healthy {
			rep.Status = "failing"
			break
		}
	}
	return rep
}

func (a *Aggregator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rep := a.Evaluate(r.Context())
	if rep.Status != "ok" {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	if r.URL.Query().Has("verbose") {
		_ = json.NewEncoder(w).Encode(rep)
		return
	}
	names := make([]string, 0, len(rep.Checks))
	for n := range rep.Checks {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		state := "ok"
		if !rep.Checks[n].Healthy {
			state = "failed"
		}
		_, _ = w.Write([]byte("[" + state + "] " + n + "\n"))
	}
}
