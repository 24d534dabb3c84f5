package main

import (
	"encoding/json"
	"os"
	"testing"
)

// TestNoImporters: the vet config of an external test package has no
// importers; a package's plain build and its test variant (an external
// test package may be added later) do.
func TestNoImporters(t *testing.T) {
	cfg := func(path string, files ...string) string {
		data, err := json.Marshal(map[string]any{"ImportPath": path, "GoFiles": files})
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.CreateTemp(t.TempDir(), "*.cfg")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.Write(data); err != nil {
			t.Fatal(err)
		}
		return f.Name()
	}
	for _, c := range []struct {
		path  string
		files []string
		want  bool
	}{
		{"example.com/p", []string{"/p/p.go"}, false},
		{"example.com/p", []string{"/p/p.go", "/p/p_test.go"}, false},
		{"example.com/p_test", []string{"/p/x_test.go"}, true},
		{"example.com/dir_test", []string{"/dir_test/d.go"}, false}, // a package in a directory named so
	} {
		if got := noImporters(cfg(c.path, c.files...)); got != c.want {
			t.Errorf("%s %v: no importers %v, want %v", c.path, c.files, got, c.want)
		}
	}
}
