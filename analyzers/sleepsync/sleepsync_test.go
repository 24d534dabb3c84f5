package sleepsync_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/sleepsync"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sleepsync.Analyzer, "basic", "typeparams")
}

// TestCalls runs with -calls: calls that receive the written object count
// as reads.
func TestCalls(t *testing.T) {
	if err := sleepsync.Analyzer.Flags.Set("calls", "true"); err != nil {
		t.Fatal(err)
	}
	defer sleepsync.Analyzer.Flags.Set("calls", "false")
	analysistest.Run(t, analysistest.TestData(), sleepsync.Analyzer, "calls")
}
