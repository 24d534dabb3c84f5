package capturerace_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/capturerace"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), capturerace.Analyzer, "a", "typeparams", "fanout", "usespawn", "oldloop", "subtests", "nested", "spawnwrite")
}
