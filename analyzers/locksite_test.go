package analyzers

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestEmptyCriticalSectionSites: SA2001's report names the Lock as a
// related site, so a directive on the Lock line suppresses it, and
// staticcheck's own //lint:ignore works too.
func TestEmptyCriticalSectionSites(t *testing.T) {
	var driver *analysis.Analyzer
	for _, a := range Driver() {
		if a.Name == "SA2001" {
			driver = a
		}
	}
	results := analysistest.Run(t, analysistest.TestData(), driver, "emptycs")
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if len(d.Related) != 1 || r.Pass.Fset.Position(d.Related[0].Pos).Line != 6 {
				t.Errorf("%v: related %v, want the Lock on line 6", r.Pass.Fset.Position(d.Pos), d.Related)
			}
		}
	}
}
