package unboundedgo_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/unboundedgo"
)

// TestDefaults runs the scenarios that hold without flags.
func TestDefaults(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unboundedgo.Analyzer,
		"defaults", "lines", "queue", "acceptoff", "docexamples")
}

// TestCollections runs the scenarios over parameters, fields and results of
// calls, with -unboundedgo.collections set.
func TestCollections(t *testing.T) {
	setFlag(t, "collections", "true")
	analysistest.Run(t, analysistest.TestData(), unboundedgo.Analyzer,
		"fanout", "groups", "typeparams")
}

// TestAcceptFlag runs the accept-loop scenario with -unboundedgo.accept set;
// acceptoff (in TestDefaults) checks the default.
func TestAcceptFlag(t *testing.T) {
	setFlag(t, "accept", "true")
	analysistest.Run(t, analysistest.TestData(), unboundedgo.Analyzer, "accepton")
}

// TestTestsFlag checks that -unboundedgo.tests reports in test files;
// fanout_test.go (in TestCollections) checks the default.
func TestTestsFlag(t *testing.T) {
	setFlag(t, "tests", "true")
	setFlag(t, "collections", "true")
	analysistest.Run(t, analysistest.TestData(), unboundedgo.Analyzer, "testsflag")
}

// setFlag sets an analyzer flag for the duration of the test.
func setFlag(t *testing.T, name, value string) {
	t.Helper()
	f := unboundedgo.Analyzer.Flags.Lookup(name)
	if f == nil {
		t.Fatalf("no flag %q", name)
	}
	old := f.Value.String()
	if err := unboundedgo.Analyzer.Flags.Set(name, value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = unboundedgo.Analyzer.Flags.Set(name, old) })
}
