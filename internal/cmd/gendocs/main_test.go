package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDocsUpToDate fails when a generated file differs from what the
// analyzers' docs say now. Fix: go generate ./...
func TestDocsUpToDate(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	files, err := generate(root)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(root, name))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s is stale; run: go generate ./...", name)
		}
	}
	// No page for an analyzer that left the suite.
	pages, _ := filepath.Glob(filepath.Join(root, "docs", "analyzers", "*.md"))
	for _, p := range pages {
		rel, _ := filepath.Rel(root, p)
		if _, ok := files[rel]; !ok {
			t.Errorf("%s documents no analyzer of the suite; delete it", rel)
		}
	}
}
