package chanclose_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/chanclose"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chanclose.Analyzer, "basic", "realistic", "senders", "typeparams", "fields", "xuse")
}
