package goroutineleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/goroutineleak"
)

func TestGoroutineLeak(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), goroutineleak.Analyzer,
		"sends", "recvs", "ctxs", "waits", "waits2", "typeparams", "eg", "tests", "robust", "xuse", "waitloop", "fields")
}

func TestSuggestedFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), goroutineleak.Analyzer, "fix")
}
