// Package suppress implements conclint's suppression directives:
//
//	//conclint:ignore name[,name...] reason
//
// A directive alone on its line covers the next line; a directive that
// trails code covers its own line. The reason is mandatory. A directive
// suppresses a report when the line it covers is any site of the report:
// the reported position or one of its related positions (the Lock line of
// an empty critical section, either acquisition of a lock-order pair).
//
// The bundled staticcheck checks (analyzers named like SA2001) also honour
// staticcheck's own directives, with staticcheck's meaning, so code that
// already carries them needs no second comment:
//
//	//lint:ignore SA2001 reason        the statement it is attached to
//	//lint:file-ignore SA2001 reason   the whole file
//
// Suppression lives inside the analyzers, not in a driver, so it behaves
// the same under the standalone binary, go vet -vettool, golangci-lint,
// nogo and singlechecker: each analyzer of the suite declares its Run as
// Run(run), and drivers additionally wrap every root analyzer (bundled
// ones included) with Filter. The two layers never filter twice: the outer
// one marks the Pass it hands down and the inner one then steps aside.
// Each filter reports, in the "suppression" category, the directives
// naming its analyzer that covered nothing. The "suppression" analyzer
// (NewAnalyzer) reports malformed directives.
package suppress

import (
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"honnef.co/go/tools/analysis/lint"
)

// Prefix starts every directive.
const Prefix = "//conclint:ignore"

// Category values of the diagnostics this package emits. Stale-directive
// reports are made by the analyzer the directive names (only it knows
// whether the directive still suppresses something) but carry the
// category "suppression", so a driver can silence them together with the
// suppression analyzer (FilterNoStale; conclint -suppression=false).
const (
	CategoryUnused    = "suppression"
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
// trailing one; os.ReadFile when nil); when it fails, the directive is
// taken to trail code and covers its own line.
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
					if tf != nil {
						if read == nil {
							read = os.ReadFile // a driver without Pass.ReadFile
						}
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

// A site is a file and line a report touches.
type site struct {
	file string
	line int
}

// sites returns the reported position's site followed by its related
// positions' sites.
func sites(fset *token.FileSet, diag analysis.Diagnostic) []site {
	out := make([]site, 0, 1+len(diag.Related))
	for _, pos := range append([]token.Pos{diag.Pos}, relatedPos(diag)...) {
		if !pos.IsValid() {
			continue
		}
		p := fset.Position(pos)
		out = append(out, site{p.Filename, p.Line})
	}
	return out
}

func relatedPos(diag analysis.Diagnostic) []token.Pos {
	out := make([]token.Pos, len(diag.Related))
	for i, r := range diag.Related {
		out[i] = r.Pos
	}
	return out
}

// A lintDirective is one of staticcheck's //lint:ignore or
// //lint:file-ignore directives that names the analyzer.
type lintDirective struct {
	file string
	line int // the line of the node it is attached to; 0 for file-ignore
}

// staticcheckName reports whether name is spelled like a staticcheck check
// (SA2001, S1000, ST1005, QF1001): only those honour //lint: directives,
// since staticcheck itself would flag a //lint:ignore naming anything else
// as matching nothing.
func staticcheckName(name string) bool {
	i := 0
	for i < len(name) && name[i] >= 'A' && name[i] <= 'Z' {
		i++
	}
	if i == 0 || i > 2 || i == len(name) {
		return false
	}
	for _, c := range name[i:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// lintDirectives returns staticcheck's directives in files that name the
// analyzer, with staticcheck's semantics: a check list of comma-separated,
// case-insensitive glob patterns, and a mandatory reason (a directive
// without one is staticcheck's to report, and is ignored here).
func lintDirectives(fset *token.FileSet, files []*ast.File, name string) []lintDirective {
	var out []lintDirective
	for _, f := range files {
		if !hasLintComment(f) {
			continue // the comment map below is not free
		}
		for _, d := range lint.ParseDirectives([]*ast.File{f}, fset) {
			if (d.Command != "ignore" && d.Command != "file-ignore") || len(d.Arguments) < 2 || !matchesCheck(d.Arguments[0], name) {
				continue
			}
			p := fset.Position(d.Node.Pos())
			ld := lintDirective{file: p.Filename}
			if d.Command == "ignore" {
				ld.line = p.Line
			}
			out = append(out, ld)
		}
	}
	return out
}

func hasLintComment(f *ast.File) bool {
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//lint:") {
				return true
			}
		}
	}
	return false
}

func matchesCheck(list, name string) bool {
	for _, pat := range strings.Split(list, ",") {
		if ok, _ := filepath.Match(strings.ToLower(pat), strings.ToLower(name)); ok {
			return true
		}
	}
	return false
}

// filtered marks a Pass whose Report already goes through a filter, so
// that an analyzer declared with Run(run) and wrapped again by a driver's
// Filter processes its directives once. It is a key of Pass.ResultOf that
// no analyzer requires; it is never modified.
var filtered = &analysis.Analyzer{Name: "conclint-suppress-filtered", Doc: "marker: the pass is already filtered"}

// Run returns run with suppression: the Run of an analyzer declared as
//
//	var Analyzer = &analysis.Analyzer{..., Run: suppress.Run(run)}
//
// honours //conclint:ignore in every driver, including the ones that take
// the exported Analyzer value directly (nogo, singlechecker, embedding).
func Run(run func(*analysis.Pass) (any, error)) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (any, error) { return Filter(pass, run) }
}

// Filter runs an analyzer's run function on a copy of pass whose Report
// drops the diagnostics covered by a well-formed directive naming the
// analyzer, then reports (through the real pass) each such directive that
// covered nothing, in the "suppression" category.
func Filter(pass *analysis.Pass, run func(*analysis.Pass) (any, error)) (any, error) {
	return filter(pass, run, true)
}

// FilterNoStale is Filter without the stale-directive reports: what a
// driver uses when the suppression analyzer is turned off.
func FilterNoStale(pass *analysis.Pass, run func(*analysis.Pass) (any, error)) (any, error) {
	return filter(pass, run, false)
}

func filter(pass *analysis.Pass, run func(*analysis.Pass) (any, error), stale bool) (any, error) {
	if _, ok := pass.ResultOf[filtered]; ok {
		return run(pass) // an outer filter handles the directives
	}
	name := pass.Analyzer.Name
	var mine []*Directive
	for _, d := range Parse(pass.Fset, pass.Files, pass.ReadFile) {
		if d.Err == "" && d.names(name) {
			mine = append(mine, d)
		}
	}
	var lintDirs []lintDirective
	if staticcheckName(name) {
		lintDirs = lintDirectives(pass.Fset, pass.Files, name)
	}
	inner := *pass
	inner.ResultOf = make(map[*analysis.Analyzer]any, len(pass.ResultOf)+1)
	for k, v := range pass.ResultOf {
		inner.ResultOf[k] = v
	}
	inner.ResultOf[filtered] = true
	if len(mine) == 0 && len(lintDirs) == 0 {
		return run(&inner)
	}
	used := make([]bool, len(mine))
	report := pass.Report
	inner.Report = func(diag analysis.Diagnostic) {
		ss := sites(pass.Fset, diag)
		covered := false
		for i, d := range mine {
			for _, s := range ss {
				if d.File == s.file && d.Line == s.line {
					used[i], covered = true, true
				}
			}
		}
		if !covered && len(ss) > 0 && ss[0].line > 0 {
			for _, ld := range lintDirs {
				if ld.file == ss[0].file && (ld.line == 0 || ld.line == ss[0].line) {
					covered = true
				}
			}
		}
		if !covered {
			report(diag)
		}
	}
	res, err := run(&inner)
	if err != nil || !stale {
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
