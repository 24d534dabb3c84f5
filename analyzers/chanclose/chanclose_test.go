package chanclose_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/chanclose"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chanclose.Analyzer, "basic", "realistic", "senders", "typeparams", "fields", "xuse")
}

// TestLateSend runs the off-by-default check of sends racing with Close.
func TestLateSend(t *testing.T) {
	if err := chanclose.Analyzer.Flags.Set("latesend", "true"); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = chanclose.Analyzer.Flags.Set("latesend", "false") }()
	analysistest.Run(t, analysistest.TestData(), chanclose.Analyzer, "latesend")
}
