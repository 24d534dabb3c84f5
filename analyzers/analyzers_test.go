package analyzers_test

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers"
	"github.com/conclint/conclint/internal/analyzerdoc"
)

func TestSuite(t *testing.T) {
	all := analyzers.Analyzers()
	if err := analysis.Validate(all); err != nil {
		t.Fatal(err)
	}
	if err := analysis.Validate(analyzers.Driver()); err != nil {
		t.Fatalf("driver analyzers: %v", err)
	}
	seen := make(map[string]bool)
	for _, e := range analyzers.Suite() {
		a := e.Analyzer
		if seen[a.Name] {
			t.Errorf("duplicate analyzer name %q", a.Name)
		}
		seen[a.Name] = true
		if a.URL == "" {
			t.Errorf("%s: no URL", a.Name)
		}
		title := analyzerdoc.Title(a.Name, a.Doc)
		if title == "" {
			t.Errorf("%s: no title in Doc", a.Name)
			continue
		}
		if strings.HasSuffix(title, ".") {
			t.Errorf("%s: title %q ends with a period", a.Name, title)
		}
		if r := []rune(title)[0]; unicode.IsUpper(r) {
			t.Errorf("%s: title %q is not lowercase", a.Name, title)
		}
		if e.Origin == analyzers.Own {
			if !strings.HasPrefix(a.Doc, a.Name+": ") {
				t.Errorf("%s: Doc must start with %q", a.Name, a.Name+": ")
			}
			if a.URL != analyzerdoc.URL(a.Name) {
				t.Errorf("%s: URL %q, want %q", a.Name, a.URL, analyzerdoc.URL(a.Name))
			}
		}
	}
}
