package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestNormalizeCode(t *testing.T) {
	for in, want := range map[string]string{
		"\tmu.Lock()":                         "mu . Lock ( )",
		"  mu.Lock()  // a comment":           "mu . Lock ( )",
		"x := \"a // not a comment\" /* c */": `x := "a // not a comment"`,
		"":                                    "",
	} {
		if got := normalizeCode(in); got != want {
			t.Errorf("normalizeCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEnclosingFunc(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f.go")
	src := `package p

var x = 1

func F() {
	_ = 1
}

func (s *S[T]) M() {
	_ = 2
}
`
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	c := newSourceCache()
	for line, want := range map[int]string{3: "", 6: "F", 10: "S.M", 11: "S.M", 12: ""} {
		if got := c.enclosingFunc(file, line); got != want {
			t.Errorf("line %d: %q, want %q", line, got, want)
		}
	}
}
