package sleepsync_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/sleepsync"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sleepsync.Analyzer, "basic", "typeparams")
}
