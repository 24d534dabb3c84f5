// Package suppress implements conclint's suppression directives:
//
//	//conclint:ignore name[,name...] reason
//
// A directive alone on its line covers the next line; a directive that
// trails code covers its own line. The reason is mandatory.
//
// Suppression lives inside the analyzers, not in a driver, so it behaves
// the same under the standalone binary, go vet -vettool and golangci-lint:
// Filter wraps an analyzer's Pass so that covered diagnostics are dropped,
// and reports the directives naming that analyzer that covered nothing.
// The "suppression" analyzer (NewAnalyzer) reports malformed directives.
package suppress

import (
	"go/ast"
	"go/token"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Prefix starts every directive.
const Prefix = "//conclint:ignore"

// Category values of the diagnostics this package emits.
const (
	CategoryUnused    = "unused-directive"
	CategoryMalformed = "malformed-directive"
)

// A Directive is one parsed //conclint:ignore comment.
type Directive struct {
	Pos    token.Pos // the comment
	End    token.Pos
	File   string
	Line   int      // the line it covers
	Names  []string // analyzers it names
	Reason string
	Err    string // non-empty when malformed
}

// Parse returns the directives of the files, in position order. read
// returns a file's content (to tell a directive alone on its line from a
// trailing one); when it fails, the directive is taken to trail code and
// covers its own line.
func Parse(fset *token.FileSet, files []*ast.File, read func(string) ([]byte, error)) []*Directive {
	var out []*Directive
	for _, f := range files {
		var content []byte
		loaded := false
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if !strings.HasPrefix(c.Text, Prefix) {
					continue
				}
				rest := c.Text[len(Prefix):]
				if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
					continue // e.g. //conclint:ignored — not ours
				}
				if !loaded {
					loaded = true
					tf := fset.File(f.FileStart)
					if tf != nil && read != nil {
						content, _ = read(tf.Name())
					}
				}
				out = append(out, parseOne(fset, c, rest, content))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos < out[j].Pos })
	return out
}

func parseOne(fset *token.FileSet, c *ast.Comment, rest string, content []byte) *Directive {
	pos := fset.Position(c.Pos())
	d := &Directive{Pos: c.Pos(), End: c.End(), File: pos.Filename, Line: pos.Line}
	if aloneOnLine(content, pos.Offset) {
		d.Line++
	}
	// A nested "//" starts a plain comment after the directive.
	if i := strings.Index(rest, "//"); i >= 0 {
		rest = rest[:i]
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		d.Err = "missing analyzer names and reason: want //conclint:ignore name[,name] reason"
		return d
	}
	for _, n := range strings.Split(fields[0], ",") {
		if n == "" {
			d.Err = "empty analyzer name in " + fields[0]
			return d
		}
		d.Names = append(d.Names, n)
	}
	if len(fields) < 2 {
		d.Err = "missing reason: want //conclint:ignore " + fields[0] + " reason"
		return d
	}
	d.Reason = strings.Join(fields[1:], " ")
	return d
}

// aloneOnLine reports whether only white space precedes offset on its line.
func aloneOnLine(content []byte, offset int) bool {
	if content == nil || offset > len(content) {
		return false
	}
	for i := offset - 1; i >= 0; i-- {
		switch content[i] {
		case '\n':
			return true
		case ' ', '\t', '\r':
			continue
		default:
			return false
		}
	}
	return true
}

func (d *Directive) names(name string) bool {
	for _, n := range d.Names {
		if n == name {
			return true
		}
	}
	return false
}

// Filter runs an analyzer's run function on a copy of pass whose Report
// drops the diagnostics covered by a well-formed directive naming the
// analyzer, then reports (through the real pass) each such directive that
// covered nothing.
func Filter(pass *analysis.Pass, run func(*analysis.Pass) (any, error)) (any, error) {
	name := pass.Analyzer.Name
	var mine []*Directive
	for _, d := range Parse(pass.Fset, pass.Files, pass.ReadFile) {
		if d.Err == "" && d.names(name) {
			mine = append(mine, d)
		}
	}
	if len(mine) == 0 {
		return run(pass)
	}
	used := make([]bool, len(mine))
	inner := *pass
	report := pass.Report
	inner.Report = func(diag analysis.Diagnostic) {
		p := pass.Fset.Position(diag.Pos)
		for i, d := range mine {
			if d.File == p.Filename && d.Line == p.Line {
				used[i] = true
				return
			}
		}
		report(diag)
	}
	res, err := run(&inner)
	if err != nil {
		return res, err
	}
	for i, d := range mine {
		if !used[i] {
			report(analysis.Diagnostic{
				Pos:      d.Pos,
				End:      d.End,
				Category: CategoryUnused,
				Message:  "unused conclint:ignore directive: no " + name + " report to suppress on the line it covers",
			})
		}
	}
	return res, err
}
