package suppress

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/internal/analyzerdoc"
)

const doc = `suppression: report malformed conclint:ignore directives

A directive has the form

	//conclint:ignore name[,name] reason

where each name is an analyzer of the suite and the reason, mandatory,
says why the report is wrong or acceptable. Alone on its line it covers the
next line; trailing code it covers its own line. It suppresses a report of
a named analyzer when the line it covers is any site of the report: the
reported line or one of the related sites printed below it (the first
acquisition of a lock-order pair, the Lock of an empty critical section).

This analyzer reports directives with no names, no reason, or a name that
is not an analyzer. Each analyzer itself reports the directives naming it
that suppress nothing, in the category "suppression", so stale
suppressions do not pile up; -suppression=false turns both kinds off.

The bundled staticcheck checks (SA...) also honour staticcheck's own
//lint:ignore CHECK reason and //lint:file-ignore CHECK reason directives,
with staticcheck's meaning.`

// NewAnalyzer returns the "suppression" analyzer. known returns the names
// of the suite's analyzers; it is called at run time, so the suite may
// include the returned analyzer.
func NewAnalyzer(known func() []string) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: "suppression",
		Doc:  doc,
		URL:  analyzerdoc.URL("suppression"),
		Run: func(pass *analysis.Pass) (any, error) {
			names := make(map[string]bool)
			for _, n := range known() {
				names[n] = true
			}
			for _, d := range Parse(pass.Fset, pass.Files, pass.ReadFile) {
				msg := d.Err
				if msg == "" {
					var unknown []string
					for _, n := range d.Names {
						if !names[n] {
							unknown = append(unknown, n)
						}
					}
					if len(unknown) > 0 {
						msg = fmt.Sprintf("unknown analyzer %s (see conclint help)", strings.Join(unknown, ", "))
					}
				}
				if msg != "" {
					pass.Report(analysis.Diagnostic{
						Pos:      d.Pos,
						End:      d.End,
						Category: CategoryMalformed,
						Message:  "malformed conclint:ignore directive: " + msg,
					})
				}
			}
			return nil, nil
		},
	}
}
