package doublelock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/doublelock"
	"github.com/conclint/conclint/internal/lockset"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), doublelock.Analyzer, "a", "typeparams", "xb", "modcache", "inject", "fallible", "callback", "genwalk", "example.com/registry", "hookfield")
}

// TestFacts checks the summaries exported for the cross-package scenario.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockset.Analyzer, "xa")
}
