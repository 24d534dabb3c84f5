package analyzers_test

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers"
)

// TestAnalyzersSuppressByThemselves: every analyzer of conclint's own, as
// exported (analyzers/<name>.Analyzer, what nogo, singlechecker and
// embedding programs take, without analyzers.Driver), handles
// //conclint:ignore itself: it reports a directive naming it that
// suppresses nothing. An analyzer that fails here is missing
// "Run: suppress.Run(run)" in its declaration.
func TestAnalyzersSuppressByThemselves(t *testing.T) {
	for _, e := range analyzers.Suite() {
		a := e.Analyzer
		if e.Origin != analyzers.Own || a.Name == "suppression" {
			continue
		}
		t.Run(a.Name, func(t *testing.T) {
			dir := t.TempDir()
			src := "package stale\n\n//conclint:ignore " + a.Name + " nothing to suppress here // want `unused conclint:ignore directive: no " + a.Name + " report`\nvar X = 1\n"
			if err := os.MkdirAll(filepath.Join(dir, "src", "stale"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "src", "stale", "stale.go"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			analysistest.Run(t, dir, a, "stale")
		})
	}
}
