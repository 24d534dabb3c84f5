// Package testutil holds helpers shared by the analyzers' tests.
package testutil

import (
	"testing"

	"golang.org/x/tools/go/analysis"
)

// SetFlag sets an analyzer flag for the rest of the test and restores the
// previous value when the test ends. Analyzer flags live on the analyzer's
// FlagSet, as the drivers set them; tests that set them must not run in
// parallel with tests of the same analyzer.
func SetFlag(t testing.TB, a *analysis.Analyzer, name, value string) {
	t.Helper()
	f := a.Flags.Lookup(name)
	if f == nil {
		t.Fatalf("analyzer %s has no flag %q", a.Name, name)
	}
	old := f.Value.String()
	if err := a.Flags.Set(name, value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := a.Flags.Set(name, old); err != nil {
			t.Errorf("restoring %s.%s: %v", a.Name, name, err)
		}
	})
}
