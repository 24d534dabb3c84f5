package plugin

import (
	"go/token"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func TestNew(t *testing.T) {
	for _, tc := range []struct {
		settings map[string]any
		wantErr  string
	}{
		{nil, ""},
		{map[string]any{"disable": []string{"suppression"}}, ""},
		{map[string]any{"disable": []string{"copylocks"}}, "no analyzer \"copylocks\" of conclint's own"},
		{map[string]any{"flags": map[string]any{"suppression": map[string]any{"nosuch": "1"}}}, "no analyzer flag suppression.nosuch"},
		{map[string]any{"unknown": 1}, "unknown field"},
	} {
		p, err := New(tc.settings)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("New(%v) error %v, want %q", tc.settings, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("New(%v): %v", tc.settings, err)
			continue
		}
		as, err := p.BuildAnalyzers()
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			if a.Name == "copylocks" || strings.HasPrefix(a.Name, "SA") {
				t.Errorf("plugin registers bundled analyzer %s; golangci-lint has it already", a.Name)
			}
		}
		if p.GetLoadMode() != "typesinfo" {
			t.Errorf("load mode %q", p.GetLoadMode())
		}
	}
}

func TestFoldRelated(t *testing.T) {
	fset := token.NewFileSet()
	a := fset.AddFile("/m/cache/lockorder.go", -1, 1000)
	b := fset.AddFile("/m/queue/queue.go", -1, 1000)
	for i := 0; i < 1000; i += 10 {
		a.AddLine(i)
		b.AddLine(i)
	}
	d := analysis.Diagnostic{
		Pos:     a.Pos(405),
		Message: "lock-order inversion",
		Related: []analysis.RelatedInformation{
			{Pos: a.Pos(375), Message: "Cache.mu acquired here"},
			{Pos: b.Pos(135), Message: "Stats.mu acquired here"},
		},
	}
	got := foldRelated(fset, d)
	want := "lock-order inversion (related: lockorder.go:38: Cache.mu acquired here; queue/queue.go:14: Stats.mu acquired here)"
	if got.Message != want || got.Related != nil {
		t.Errorf("got %q (related %v), want %q", got.Message, got.Related, want)
	}
	if plain := foldRelated(fset, analysis.Diagnostic{Message: "m"}); plain.Message != "m" {
		t.Errorf("no related sites: %q", plain.Message)
	}
}
