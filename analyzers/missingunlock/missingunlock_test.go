package missingunlock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/missingunlock"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), missingunlock.Analyzer, "a", "typeparams", "xb")
}

func TestUnlockNotHeld(t *testing.T) {
	if err := missingunlock.Analyzer.Flags.Set("unlocknotheld", "true"); err != nil {
		t.Fatal(err)
	}
	defer missingunlock.Analyzer.Flags.Set("unlocknotheld", "false")
	analysistest.Run(t, analysistest.TestData(), missingunlock.Analyzer, "notheld")
}
