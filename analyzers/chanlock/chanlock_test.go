package chanlock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/chanlock"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chanlock.Analyzer, "a", "typeparams", "xb", "fields")
}
