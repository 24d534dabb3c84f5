package lockorder_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/lockorder"
	"github.com/conclint/conclint/internal/testutil"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "a", "typeparams", "xb", "xc", "testonly", "example.com/ycb", "gates", "flaggate", "hooks")
}

// TestFlagGated checks the flag-gated tier: a cycle with an edge behind an
// early return on a completion flag is reported only with the flag.
func TestFlagGated(t *testing.T) {
	testutil.SetFlag(t, lockorder.Analyzer, "flaggated", "true")
	analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "flaggateon")
}
