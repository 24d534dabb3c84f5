package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// ciEnv is set by .ci/run: tests that take minutes (building
// golangci-lint from the module proxy) run only when it is set, so that
// the README's "go test ./..." stays fast.
const ciEnv = "CONCLINT_CI"

// TestGolangciPlugin builds golangci-lint with conclint's module plugin
// (tools/golangci, from the module proxy) and runs it on a copy of the
// demo: it must report the demo's WRONG lines, as the conclint binary
// does, one issue per report with the related sites folded into the
// message, and //nolint:conclint on a report's line must silence all of it.
func TestGolangciPlugin(t *testing.T) {
	if os.Getenv(ciEnv) == "" {
		t.Skipf("builds golangci-lint from the module proxy, which takes minutes: runs in CI (.ci/run sets %s=1); set %s=1 to run it here", ciEnv, ciEnv)
	}
	if testing.Short() {
		t.Skip("builds golangci-lint; skipped in -short mode")
	}
	tmp := t.TempDir()
	gcl := filepath.Join(tmp, "golangci-lint")
	build := exec.Command("go", "build", "-o", gcl, ".")
	build.Dir = filepath.Join("..", "tools", "golangci")
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building golangci-lint with the plugin: %v\n%s", err, out)
	}
	cfg := filepath.Join(tmp, "golangci.yml")
	err := os.WriteFile(cfg, []byte(`version: "2"
run:
  relative-path-mode: wd
linters:
  default: none
  enable: [conclint]
  settings:
    custom:
      conclint:
        type: module
        description: concurrency hazards
issues:
  max-issues-per-linter: 0
  max-same-issues: 0
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	// The doublelock report's line carries //nolint:conclint instead of
	// its WRONG marker: neither it nor its related site (line 7) may show.
	dir := copyDir(t, demoDir)
	editTree(t, dir, func(rel, src string) string {
		if rel == "cache/doublelock.go" {
			src = regexp.MustCompile(`// WRONG\(doublelock\).*`).ReplaceAllString(src, "//nolint:conclint // the demo's doublelock, silenced")
		}
		return src
	})
	run := exec.Command(gcl, "run", "--config", cfg, "--output.text.path=stdout", "./...")
	run.Dir = dir
	run.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+filepath.Join(tmp, "cache"))
	out, err := run.Output()
	if code := exitCode(err); code != 1 {
		t.Fatalf("golangci-lint exit status %d, want 1 (issues); stderr: %s\nstdout: %s", code, stderrOf(err), out)
	}
	// Text output: "file:line:col: analyzer: message (conclint)", one
	// issue per report; golangci-lint would print each related site as an
	// issue "analyzer(related information): ..." if the plugin did not
	// fold them into the message.
	if strings.Contains(string(out), "(related information)") {
		t.Errorf("related sites reported as issues of their own:\n%s", out)
	}
	if !strings.Contains(string(out), "(related: ") {
		t.Errorf("no related sites folded into the messages:\n%s", out)
	}
	line := regexp.MustCompile(`^(\S+\.go):(\d+):\d+: [A-Za-z0-9]+: .*\(conclint\)$`)
	got := make(map[string]bool)
	for _, l := range strings.Split(string(out), "\n") {
		if m := line.FindStringSubmatch(l); m != nil {
			n, _ := strconv.Atoi(m[2])
			got[filepath.ToSlash(m[1])+":"+strconv.Itoa(n)] = true
		}
	}
	want := make(map[string]bool)
	for _, f := range markers(t, dir) {
		want[f.File+":"+strconv.Itoa(f.Line)] = true
	}
	for k := range want {
		if !got[k] {
			t.Errorf("golangci-lint did not report %s\noutput:\n%s", k, out)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("golangci-lint reported %s, which has no WRONG marker", k)
		}
	}
}
