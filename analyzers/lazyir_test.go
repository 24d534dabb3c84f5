package analyzers

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
	"honnef.co/go/tools/staticcheck/sa1015"
	"honnef.co/go/tools/staticcheck/sa1017"
	"honnef.co/go/tools/staticcheck/sa2002"
	"honnef.co/go/tools/staticcheck/sa2003"
)

// TestLazyIRSameReports: the bundled IR-based staticcheck checks, which
// build the IR only for packages that can contain their bug, report exactly
// what upstream's report, on packages that make their calls in every shape
// (through embedded fields of other packages' types, method expressions and
// function values kept in variables) and on packages that make none; and
// the gate lets the second kind skip the IR.
func TestLazyIRSameReports(t *testing.T) {
	testdata, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  filepath.Join(testdata, "src", "lazyir"),
		Env:  append(os.Environ(), "GOPATH="+testdata, "GO111MODULE=off", "GOFLAGS="),
	}
	pkgs, err := packages.Load(cfg, "lazyir/calls", "lazyir/nocalls", "os/signal")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("packages do not load")
	}
	upstream := []*analysis.Analyzer{sa1015.Analyzer, sa1017.Analyzer, sa2002.Analyzer, sa2003.Analyzer}
	gated := []*analysis.Analyzer{sa1015Analyzer, sa1017Analyzer, sa2002Analyzer, sa2003Analyzer}
	want := reports(t, upstream, pkgs)
	got := reports(t, gated, pkgs)
	if !slices.Equal(got, want) {
		t.Errorf("gated reports differ from upstream's\ngot:  %q\nwant: %q", got, want)
	}
	t.Logf("%q", want)
	if len(want) < 6 {
		t.Errorf("upstream made %d reports on the test packages, want at least 6: %q", len(want), want)
	}

	// The gate itself: which calls each test package can make.
	graph, err := checker.Analyze([]*analysis.Analyzer{irGate}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	calls := make(map[string]irCalls)
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		calls[act.Package.PkgPath] = act.Result.(*lazyIR).calls
	}
	if c := calls["lazyir/calls"]; c != (irCalls{timeTick: true, signalNotify: true, testingFail: true, deferLock: true}) {
		t.Errorf("lazyir/calls: %+v, want every call", c)
	}
	if c := calls["lazyir/nocalls"]; c != (irCalls{}) {
		t.Errorf("lazyir/nocalls: %+v, want none", c)
	}
}

// reports runs roots on pkgs and returns their reports as sorted
// "analyzer position: message" lines.
func reports(t *testing.T, roots []*analysis.Analyzer, pkgs []*packages.Package) []string {
	t.Helper()
	graph, err := checker.Analyze(roots, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		for _, d := range act.Diagnostics {
			out = append(out, fmt.Sprintf("%s %s: %s", act.Analyzer.Name, act.Package.Fset.Position(d.Pos), d.Message))
		}
	}
	slices.Sort(out)
	return out
}
