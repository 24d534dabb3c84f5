package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBaseline: the first run with -baseline=FILE writes the findings and
// succeeds; later runs report only new findings, and still match the old
// ones after lines are inserted above them.
func TestBaseline(t *testing.T) {
	dir := copyDir(t, demoDir)
	n := len(markers(t, dir))
	out, stderr, code := conclint(t, dir, "-baseline=conclint-baseline.json", "./...")
	if code != 0 || out != "" || !strings.Contains(stderr, fmt.Sprintf("wrote baseline %s with %d findings", filepath.Join(dir, "conclint-baseline.json"), n)) {
		t.Fatalf("first run: exit status %d, want 0 and the baseline written; stdout:\n%s\nstderr: %s", code, out, stderr)
	}
	var b struct {
		Findings []struct{ Fingerprint, Analyzer, File string } `json:"findings"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "conclint-baseline.json"))
	if err != nil || json.Unmarshal(data, &b) != nil || len(b.Findings) != n {
		t.Fatalf("baseline file (%v): %d findings, want %d:\n%s", err, len(b.Findings), n, data)
	}

	out, stderr, code = conclint(t, dir, "-baseline=conclint-baseline.json", "./...")
	if code != 0 || out != "" || !strings.Contains(stderr, fmt.Sprintf("%d findings suppressed by baseline", n)) {
		t.Errorf("second run: exit status %d, want 0; stdout:\n%s\nstderr: %s", code, out, stderr)
	}

	editTree(t, dir, func(rel, src string) string {
		return strings.Replace(src, "\n", "\n\n// an inserted line\n", 1)
	})
	err = os.WriteFile(filepath.Join(dir, "cache", "new.go"), []byte(`package cache

import "sync"

func newBug(mu *sync.Mutex) {
	mu.Lock()
	mu.Unlock()
}
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	out, stderr, code = conclint(t, dir, "-baseline=conclint-baseline.json", "./...")
	if code != 3 || strings.Count(out, "\n") != 2 || !strings.Contains(out, "cache/new.go:7:2: empty critical section") ||
		!strings.Contains(stderr, fmt.Sprintf("%d findings suppressed by baseline", n)) {
		t.Errorf("after edits: exit status %d, want 3 and only the new finding; stdout:\n%s\nstderr: %s", code, out, stderr)
	}
}
