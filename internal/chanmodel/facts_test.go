package chanmodel_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/internal/chanmodel"
)

// TestFacts checks the summaries exported for functions that take
// channels, within a package and through another package's summaries.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chanmodel.Analyzer, "summ", "summ2", "fieldfacts")
}
