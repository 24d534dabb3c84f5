package unboundedgo_test

import (
	"github.com/conclint/conclint/internal/testutil"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/unboundedgo"
)

// TestDefaults runs the scenarios that hold without flags.
func TestDefaults(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unboundedgo.Analyzer,
		"defaults", "lines", "queue", "acceptoff", "docexamples",
		"decoded", "recursive", "owner", "requestsoff", "decodehelper")
}

// TestCollections runs the scenarios over parameters, fields and results of
// calls, with -unboundedgo.collections set.
func TestCollections(t *testing.T) {
	testutil.SetFlag(t, unboundedgo.Analyzer, "collections", "true")
	analysistest.Run(t, analysistest.TestData(), unboundedgo.Analyzer,
		"fanout", "groups", "typeparams")
}

// TestAcceptFlag runs the accept-loop scenario with -unboundedgo.accept set;
// acceptoff (in TestDefaults) checks the default.
func TestAcceptFlag(t *testing.T) {
	testutil.SetFlag(t, unboundedgo.Analyzer, "accept", "true")
	analysistest.Run(t, analysistest.TestData(), unboundedgo.Analyzer, "accepton", "requests")
}

// TestTestsFlag checks that -unboundedgo.tests reports in test files;
// fanout_test.go (in TestCollections) checks the default.
func TestTestsFlag(t *testing.T) {
	testutil.SetFlag(t, unboundedgo.Analyzer, "tests", "true")
	testutil.SetFlag(t, unboundedgo.Analyzer, "collections", "true")
	analysistest.Run(t, analysistest.TestData(), unboundedgo.Analyzer, "testsflag")
}
