package e2e

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// twoPackages is a module where server imports queue and each has one
// report of its own.
func twoPackages(t *testing.T, nonce string) string {
	return module(t, map[string]string{
		"queue/queue.go": `package queue

import "sync"

// ` + nonce + `
func Drain(mu *sync.Mutex) {
	mu.Lock()
	mu.Unlock()
}
`,
		"server/server.go": `package server

import (
	"sync"

	"example.com/m/queue"
)

func Serve(mu *sync.Mutex) {
	queue.Drain(mu)
	mu.Lock()
	mu.Unlock()
}
`,
	})
}

// TestSameResultsWhateverRanBefore: with one shared build cache, a package
// analysed first only as a dependency (facts only) still gets its reports
// when asked for later, and a package analysed first as a root does not
// leak its reports into a later run that only depends on it. The two
// orders must print the same for each command. Each order runs on a fresh
// copy of the module (a nonce in a comment), so the cache has nothing for
// its packages yet while the standard library's facts stay warm.
func TestSameResultsWhateverRanBefore(t *testing.T) {
	orders := [][]string{
		{"./server", "./queue", "./..."},
		{"./...", "./server", "./queue"},
	}
	got := make([]map[string]string, len(orders))
	for i, order := range orders {
		dir := twoPackages(t, fmt.Sprintf("nonce %d", rand.Uint64()))
		got[i] = make(map[string]string)
		for _, pattern := range order {
			out, stderr, code := conclint(t, dir, pattern)
			if code != 3 {
				t.Errorf("order %d, %s: exit status %d, want 3\n%s%s", i, pattern, code, out, stderr)
			}
			got[i][pattern] = out
		}
	}
	for _, pattern := range orders[0] {
		if got[0][pattern] != got[1][pattern] {
			t.Errorf("conclint %s prints differently after %v and after %v:\n%s\nversus\n%s", pattern, orders[0], orders[1], got[0][pattern], got[1][pattern])
		}
	}
	for pattern, files := range map[string][]string{
		"./queue":  {"queue/queue.go"},
		"./server": {"server/server.go"},
		"./...":    {"queue/queue.go", "server/server.go"},
	} {
		out := got[0][pattern]
		for _, f := range []string{"queue/queue.go", "server/server.go"} {
			if want := contains(files, f); strings.Contains(out, f+":") != want {
				t.Errorf("conclint %s: report in %s %v, want %v:\n%s", pattern, f, !want, want, out)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
