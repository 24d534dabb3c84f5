package explore_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/internal/explore"
)

// reporter reports the explorer's findings as "category: message", with
// the trace as related information.
var reporter = &analysis.Analyzer{
	Name:       "reporter",
	Doc:        "reports the explorer's findings",
	Requires:   []*analysis.Analyzer{explore.Analyzer},
	ResultType: reflect.TypeFor[explore.Stats](),
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[explore.Analyzer].(*explore.Result)
		for _, f := range res.Findings() {
			d := analysis.Diagnostic{Pos: f.Pos, Message: f.Category + ": " + f.Message}
			for _, r := range f.Related {
				d.Related = append(d.Related, analysis.RelatedInformation{Pos: r.Pos, Message: r.Message})
			}
			pass.Report(d)
			if os.Getenv("EXPLORE_TRACE") != "" {
				fmt.Printf("%s: %s: %s\n", pass.Fset.Position(f.Pos), f.Category, f.Message)
				for _, r := range f.Related {
					fmt.Printf("\t%s: %s\n", pass.Fset.Position(r.Pos), r.Message)
				}
				for _, st := range append(f.Trace, f.Blocked...) {
					fmt.Printf("\t\tG%d %-40s %s\n", st.G, shortPos(pass, st), st.Text)
				}
			}
		}
		return res.Stats(), nil
	},
}

func shortPos(pass *analysis.Pass, st explore.TraceStep) string {
	p := pass.Fset.Position(st.Pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

func TestExplore(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), reporter, "basic")
}

// TestDev runs the explorer on the packages under $EXPLORE_DEV (a GOPATH
// directory) and prints what it finds; for development only.
func TestDev(t *testing.T) {
	dir := os.Getenv("EXPLORE_DEV")
	if dir == "" {
		t.Skip("EXPLORE_DEV not set")
	}
	pkgs := strings.Fields(os.Getenv("EXPLORE_PKGS"))
	res := analysistest.Run(&quiet{t}, dir, reporter, pkgs...)
	for _, r := range res {
		if r.Err != nil {
			t.Log(r.Err)
		}
		t.Logf("%s: %+v", r.Pass.Pkg.Path(), r.Result)
	}
}

type quiet struct{ *testing.T }

func (q *quiet) Errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if strings.Contains(msg, "unexpected diagnostic") {
		fmt.Println(msg)
		return
	}
	q.T.Errorf("%s", msg)
}
