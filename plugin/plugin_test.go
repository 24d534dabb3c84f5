package plugin

import (
	"strings"
	"testing"
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
