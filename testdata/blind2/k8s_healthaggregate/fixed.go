package healthaggregate

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"sync"
	"time"
)

type AggregatorFixed struct {
	checks  []Checker
	timeout time.Duration
	now     func() time.Time
}

func NewAggregatorFixed(timeout time.Duration, checks ...Checker) *AggregatorFixed {
	return &AggregatorFixed{checks: checks, timeout: timeout, now: time.Now}
}

func (a *AggregatorFixed) runCheck(ctx context.Context, c Checker) CheckResult {
	start := a.now()
	err := c.Check(ctx)
	res := CheckResult{Healthy: err == nil, Duration: a.now().Sub(start)}
	if err != nil {
		res.Error = err.Error()
	}
	return res
}

func (a *AggregatorFixed) Evaluate(ctx context.Context) Report {
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()

	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		results = make(map[string]CheckResult, len(a.checks))
	)
	for _, c := range a.checks {
		wg.Add(1)
		go func(c Checker) {
			defer wg.Done()
			res := a.runCheck(ctx, c)
			mu.Lock()
			results[c.Name()] = res
			mu.Unlock()
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

func (a *AggregatorFixed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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
