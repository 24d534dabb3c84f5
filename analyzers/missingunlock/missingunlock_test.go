package missingunlock_test

import (
	"github.com/conclint/conclint/internal/testutil"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/missingunlock"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), missingunlock.Analyzer, "a", "testfail", "typeparams", "xb", "modcache", "inject", "breakleak", "retryloop")
}

func TestUnlockNotHeld(t *testing.T) {
	testutil.SetFlag(t, missingunlock.Analyzer, "unlocknotheld", "true")
	analysistest.Run(t, analysistest.TestData(), missingunlock.Analyzer, "notheld")
}
