package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var fixDir = filepath.Join("testdata", "fix")

// golden compares got with the golden file name in fixDir, or rewrites it
// with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(fixDir, name)
	if corpusUpdateFlag() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test ./e2e -run Fix -update rewrites it):\n%s", name, got)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestFixAndDiff: -diff prints the fixes and changes nothing, a plain run
// changes nothing, -fix applies the fixes of the reported findings only
// (not of a suppressed one, not in a package analysed only as a
// dependency), reports what is left, and a second -fix finds nothing to do.
func TestFixAndDiff(t *testing.T) {
	dir := copyDir(t, filepath.Join(fixDir, "src"))
	app, lib := filepath.Join(dir, "app", "app.go"), filepath.Join(dir, "lib", "lib.go")
	appSrc, libSrc := readFile(t, app), readFile(t, lib)

	out, stderr, code := conclint(t, dir, "-diff", "./app")
	if code != 3 {
		t.Errorf("-diff: exit status %d, want 3: %s", code, stderr)
	}
	golden(t, "app.diff.golden", out)
	if _, _, code := conclint(t, dir, "./..."); code != 3 {
		t.Errorf("plain run: exit status %d, want 3", code)
	}
	if readFile(t, app) != appSrc || readFile(t, lib) != libSrc {
		t.Fatal("-diff or a plain run changed files")
	}

	out, stderr, code = conclint(t, dir, "-fix", "./app")
	if code != 3 || !strings.Contains(stderr, "applied 2 fixes to 1 files") {
		t.Errorf("-fix: exit status %d, want 3 (a report without a fix is left); stderr: %s", code, stderr)
	}
	if !strings.Contains(out, "empty critical section") || strings.Contains(out, "goroutine can block forever") || strings.Contains(out, "SA5004") {
		t.Errorf("-fix: the reports left should be the one without a fix:\n%s", out)
	}
	golden(t, "app.go.golden", readFile(t, app))
	if readFile(t, lib) != libSrc {
		t.Error("-fix ./app changed lib, a dependency")
	}
	if _, stderr, _ := conclint(t, dir, "-fix", "./app"); strings.Contains(stderr, "applied") {
		t.Errorf("second -fix applied something again: %s", stderr)
	}
}
