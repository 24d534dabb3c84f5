package guardedby_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/guardedby"
)

// setFlags sets the analyzer's flags for one test and restores them.
func setFlags(t *testing.T, flags map[string]string) {
	t.Helper()
	for name, v := range flags {
		f := guardedby.Analyzer.Flags.Lookup(name)
		if f == nil {
			t.Fatalf("no flag %s", name)
		}
		old := f.Value.String()
		if err := f.Value.Set(v); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = f.Value.Set(old) })
	}
}

// Test runs every sub-check that the packages exercise, whatever its
// default.
func Test(t *testing.T) {
	setFlags(t, map[string]string{
		"checklocks": "true", "comments": "true", "inferred": "true",
		"rlock": "true", "atomic": "true", "annotations": "true",
	})
	analysistest.Run(t, analysistest.TestData(), guardedby.Analyzer,
		"explicit", "inferred", "rlock", "atomics", "typeparams", "xa", "xb")
}

// TestOffByDefault runs the sub-checks about state no lock claims.
func TestOffByDefault(t *testing.T) {
	setFlags(t, map[string]string{"globals": "true", "lazyinit": "true", "rangeafter": "true"})
	analysistest.Run(t, analysistest.TestData(), guardedby.Analyzer, "globals", "lazyinit", "rangeafter")
}

// TestGoroutineField runs the sub-check about fields a goroutine assigns
// while other methods read them.
func TestGoroutineField(t *testing.T) {
	setFlags(t, map[string]string{"goroutinefield": "true"})
	analysistest.Run(t, analysistest.TestData(), guardedby.Analyzer, "goroutinefield")
}
