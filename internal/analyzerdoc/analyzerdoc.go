// Package analyzerdoc extracts an analyzer's documentation from its doc.go
// and names the page where that documentation is published.
//
// Every conclint analyzer keeps its prose in doc.go, under a heading
//
//	// # Analyzer NAME
//	//
//	// NAME: one-line lowercase title with no period
//	//
//	// Longer text, WRONG/RIGHT examples...
//
// and embeds that file (//go:embed doc.go) so Analyzer.Doc is the same text
// that the generated docs pages show.
package analyzerdoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// DocsBase is the base URL of the generated per-analyzer pages.
const DocsBase = "https://github.com/conclint/conclint/blob/main/docs/analyzers/"

// URL returns the documentation URL of the named analyzer.
func URL(name string) string { return DocsBase + name + ".md" }

// MustExtract is Extract for package initialization: the doc.go of an
// analyzer is part of the binary, so a malformed one is a programming error.
func MustExtract(content, name string) string {
	doc, err := Extract(content, name)
	if err != nil {
		panic(err)
	}
	return doc
}

// Extract returns the "# Analyzer NAME" section of the package doc comment
// in content (the source of a doc.go file), without the heading. The first
// line of the result is "NAME: title".
func Extract(content, name string) (string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("analyzerdoc: parsing doc.go of %s: %w", name, err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("analyzerdoc: doc.go of %s has no package doc comment", name)
	}
	text := f.Doc.Text()
	heading := "# Analyzer " + name
	_, after, ok := strings.Cut(text, "\n"+heading+"\n")
	if !ok {
		if strings.HasPrefix(text, heading+"\n") {
			after, ok = text[len(heading)+1:], true
		}
	}
	if !ok {
		return "", fmt.Errorf("analyzerdoc: doc.go of %s has no %q section", name, heading)
	}
	// The section ends at the next top-level heading.
	if i := strings.Index(after, "\n# "); i >= 0 {
		after = after[:i+1]
	}
	after = strings.TrimSpace(after)
	if !strings.HasPrefix(after, name+": ") {
		return "", fmt.Errorf("analyzerdoc: %s section of %s must start with %q", heading, name, name+": ")
	}
	return after, nil
}

// Title returns the one-line title of an analyzer's Doc: the text after
// "NAME: " on its first line, or the whole first line when there is no such
// prefix (as in bundled analyzers).
func Title(name, doc string) string {
	first, _, _ := strings.Cut(doc, "\n")
	first = strings.TrimSpace(first)
	first = strings.TrimPrefix(first, name+": ")
	return first
}

// Body returns the Doc without its first (title) line.
func Body(doc string) string {
	_, rest, _ := strings.Cut(doc, "\n")
	return strings.TrimSpace(rest)
}
