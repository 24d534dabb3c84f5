package hb_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/internal/hb"
)

// TestFacts checks the goroutine summaries exported for callers in other
// packages.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), hb.Analyzer, "helpers", "cache", "bus")
}
