package sleepsync_test

import (
	"github.com/conclint/conclint/internal/testutil"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/sleepsync"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sleepsync.Analyzer, "basic", "typeparams", "absence", "syncupdate", "async", "asyncext", "registry")
}

// TestCalls runs with -calls: calls that receive the written object count
// as reads.
func TestCalls(t *testing.T) {
	testutil.SetFlag(t, sleepsync.Analyzer, "calls", "true")
	analysistest.Run(t, analysistest.TestData(), sleepsync.Analyzer, "calls")
}
