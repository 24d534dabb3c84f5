package main

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func testAnalyzers() []*analysis.Analyzer {
	a := &analysis.Analyzer{Name: "alpha", Doc: "alpha: test"}
	a.Flags.Bool("strict", false, "be strict")
	a.Flags.String("mode", "x", "a mode")
	return []*analysis.Analyzer{a, {Name: "beta", Doc: "beta: test"}}
}

func TestParseArgs(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		format  string
		vet     []string
		pkgs    []string
		wantErr string
	}{
		{args: nil, format: "text", pkgs: []string{"."}},
		{args: []string{"-json", "./..."}, format: "json", pkgs: []string{"./..."}},
		{args: []string{"-format", "sarif", "a", "b"}, format: "sarif", pkgs: []string{"a", "b"}},
		{args: []string{"-alpha", "-beta=false", "-alpha.strict", "-alpha.mode=y", "p"}, format: "text",
			vet: []string{"-alpha=true", "-beta=false", "-alpha.strict=true", "-alpha.mode=y"}, pkgs: []string{"p"}},
		{args: []string{"-alpha.mode", "z", "-tags", "t1", "--", "-weird"}, format: "text",
			vet: []string{"-alpha.mode=z", "-tags=t1"}, pkgs: []string{"-weird"}},
		{args: []string{"-gamma"}, wantErr: "unknown flag -gamma"},
		{args: []string{"-format=xml"}, wantErr: "unknown -format"},
		{args: []string{"-alpha=maybe"}, wantErr: "invalid boolean"},
		{args: []string{"-alpha.mode"}, wantErr: "needs a value"},
	} {
		cfg, err := parseArgs(tc.args, testAnalyzers())
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%q: error %v, want %q", tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.args, err)
			continue
		}
		if cfg.format != tc.format || !reflect.DeepEqual(cfg.vetFlags, tc.vet) || !reflect.DeepEqual(cfg.pkgs, tc.pkgs) {
			t.Errorf("%q: got format %q vet %q pkgs %q; want %q %q %q", tc.args, cfg.format, cfg.vetFlags, cfg.pkgs, tc.format, tc.vet, tc.pkgs)
		}
	}
	if _, err := parseArgs([]string{"-h"}, testAnalyzers()); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v, want flag.ErrHelp", err)
	}
}

func TestParseVetJSON(t *testing.T) {
	// Two trees as go vet prints them; the same report through the package
	// and its test variant, and an analyzer error.
	in := `{"p": {"alpha": [{"posn": "/m/b.go:3:1", "end": "/m/b.go:3:2", "message": "m2"},
	                    {"posn": "/m/a.go:10:2", "end": "/m/a.go:10:3", "message": "m1"}]}}
{"p [p.test]": {"alpha": [{"posn": "/m/a.go:10:2", "end": "/m/a.go:10:3", "message": "m1"}],
                "beta": {"error": "internal error: boom"}}}
{"dep": {"alpha": [{"posn": "/d/d.go:1:1", "end": "/d/d.go:1:2", "message": "from a dependency"}]}}`
	res, err := parseVetJSON(strings.NewReader(in), func(pkg string) bool { return pkg != "dep" })
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.diags {
		got = append(got, d.Analyzer+" "+d.Posn+" "+d.Message)
	}
	want := []string{"alpha /m/a.go:10:2 m1", "alpha /m/b.go:3:1 m2"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics %q, want %q", got, want)
	}
	if len(res.errors) != 1 || res.errors[0].analyzer != "beta" {
		t.Errorf("errors %+v", res.errors)
	}
}

func TestParsePosn(t *testing.T) {
	for in, want := range map[string]position{
		"/a/b.go:3:4":   {"/a/b.go", 3, 4},
		"C:/x/y.go:1:2": {"C:/x/y.go", 1, 2},
		"weird":         {"weird", 0, 0},
	} {
		if got := parsePosn(in); got != want {
			t.Errorf("parsePosn(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestIsVetInvocation(t *testing.T) {
	for args, want := range map[string]bool{
		"-flags":             true,
		"-V=full":            true,
		"-json /tmp/vet.cfg": true,
		"./...":              false,
		"-json ./...":        false,
		"help":               false,
	} {
		if got := isVetInvocation(strings.Fields(args)); got != want {
			t.Errorf("isVetInvocation(%q) = %v, want %v", args, got, want)
		}
	}
}

func TestDiagScopeConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, cfg map[string]any) string {
		data, _ := json.Marshal(cfg)
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	vetxOnly := func(path string) bool {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var cfg map[string]any
		if err := json.Unmarshal(data, &cfg); err != nil {
			t.Fatal(err)
		}
		if cfg["Extra"] != "kept" {
			t.Errorf("%s: unknown fields lost: %v", path, cfg)
		}
		return cfg["VetxOnly"] == true
	}
	main := write("main.cfg", map[string]any{"VetxOnly": true, "ModulePath": "example.com/m", "ModuleVersion": "", "Extra": "kept"})
	std := write("std.cfg", map[string]any{"VetxOnly": true, "ModulePath": "", "Extra": "kept"})
	dep := write("dep.cfg", map[string]any{"VetxOnly": true, "ModulePath": "example.com/d", "ModuleVersion": "v1.0.0", "Extra": "kept"})
	root := write("root.cfg", map[string]any{"VetxOnly": false, "ModulePath": "example.com/m", "Extra": "kept"})
	for _, tc := range []struct {
		cfg, scope string
		facts      bool // still facts only
	}{
		{main, "", true},
		{main, "main", false},
		{std, "main", true},
		{std, "main,std", false},
		{dep, "main,std", true},
		{dep, "dep", false},
		{root, "main", false},
	} {
		got := diagScopeConfig(tc.cfg, tc.scope)
		if vetxOnly(got) != tc.facts {
			t.Errorf("%s with scope %q: VetxOnly %v, want %v", filepath.Base(tc.cfg), tc.scope, !tc.facts, tc.facts)
		}
	}
}
