package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWholeMainModule: "./..." at the root of the only main module, and
// "." in one of its directories, need no go list run; anything else does.
func TestWholeMainModule(t *testing.T) {
	t.Setenv("GOWORK", "")
	t.Setenv("GO111MODULE", "")
	t.Setenv("GOFLAGS", "")
	tmp := t.TempDir()
	write := func(path, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mod := filepath.Join(tmp, "mod")
	write(filepath.Join(mod, "go.mod"), "module example.com/m\n\ngo 1.22\n")
	write(filepath.Join(mod, "sub", "x.go"), "package sub\n")
	std := filepath.Join(tmp, "goroot", "src")
	write(filepath.Join(std, "go.mod"), "module std\n")
	ws := filepath.Join(tmp, "ws")
	write(filepath.Join(ws, "go.work"), "go 1.22\n\nuse ./a\n")
	write(filepath.Join(ws, "a", "go.mod"), "module example.com/a\n")

	for _, tc := range []struct {
		dir  string
		pkgs []string
		want bool
	}{
		{mod, []string{"./..."}, true},
		{mod, []string{"./sub/..."}, false},
		{mod, []string{"./...", "fmt"}, false},
		{mod, []string{"."}, false},
		{filepath.Join(mod, "sub"), []string{"./..."}, false}, // no go.mod: only part of the module
		{std, []string{"./..."}, false},
		{filepath.Join(ws, "a"), []string{"./..."}, false}, // a workspace: other main modules
	} {
		if got := wholeMainModule(tc.dir, tc.pkgs); got != tc.want {
			t.Errorf("wholeMainModule(%s, %q) = %v, want %v", tc.dir, tc.pkgs, got, tc.want)
		}
	}
	for _, tc := range []struct {
		dir  string
		pkgs []string
		want string
	}{
		{mod, []string{"."}, "example.com/m"},
		{filepath.Join(mod, "sub"), []string{"."}, "example.com/m/sub"},
		{filepath.Join(mod, "sub"), []string{"./..."}, ""},
		{filepath.Join(mod, "vendor", "x"), []string{"."}, ""},
		{std, []string{"."}, ""},
		{filepath.Join(ws, "a"), []string{"."}, ""},
	} {
		if err := os.MkdirAll(tc.dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if got, _ := mainModulePackage(tc.dir, tc.pkgs); got != tc.want {
			t.Errorf("mainModulePackage(%s, %q) = %q, want %q", tc.dir, tc.pkgs, got, tc.want)
		}
	}
	for src, want := range map[string]string{
		"module example.com/m\n":                      "example.com/m",
		"// c\nmodule \"example.com/q\" // comment\n": "example.com/q",
		"modules x\n": "",
		"go 1.22\n":   "",
	} {
		if got := goModPath([]byte(src)); got != want {
			t.Errorf("goModPath(%q) = %q, want %q", src, got, want)
		}
	}
	t.Setenv("GOFLAGS", "-modfile=other.mod")
	if wholeMainModule(mod, []string{"./..."}) {
		t.Error("-modfile: the module path may differ; go list must decide")
	}
	t.Setenv("GOFLAGS", "")
	t.Setenv("GOWORK", "off")
	if !wholeMainModule(filepath.Join(ws, "a"), []string{"./..."}) {
		t.Error("GOWORK=off: a module root with ./... needs no go list")
	}
	t.Setenv("GO111MODULE", "off")
	if wholeMainModule(mod, []string{"./..."}) {
		t.Error("GOPATH mode must list the packages")
	}
}
