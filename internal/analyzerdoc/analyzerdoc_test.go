package analyzerdoc

import "testing"

func TestExtract(t *testing.T) {
	src := `// Package x does things.
//
// # Analyzer x
//
// x: report things that are wrong
//
// More text.
//
// # Other
//
// not included
package x
`
	got, err := Extract(src, "x")
	if err != nil {
		t.Fatal(err)
	}
	want := "x: report things that are wrong\n\nMore text."
	if got != want {
		t.Errorf("Extract = %q, want %q", got, want)
	}
	if title := Title("x", got); title != "report things that are wrong" {
		t.Errorf("Title = %q", title)
	}
	if body := Body(got); body != "More text." {
		t.Errorf("Body = %q", body)
	}
	for _, bad := range []string{"package x\n", "// Package x.\npackage x\n", "// # Analyzer x\n//\n// wrong start\npackage x\n"} {
		if _, err := Extract(bad, "x"); err == nil {
			t.Errorf("Extract(%q) succeeded, want error", bad)
		}
	}
}
