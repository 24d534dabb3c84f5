package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"
	"strings"
)

// fingerprintKey names the fingerprint in SARIF's partialFingerprints. The
// version changes whenever the recipe does, so code scanning services do
// not match results across recipes.
const fingerprintKey = "conclint/v2"

// fingerprints returns an identity for each diagnostic that survives edits
// elsewhere in the file: lines inserted or removed above it, other
// functions renamed, comments and white space changed. It hashes
//
//   - the analyzer and the diagnostic's category (its sub-kind),
//   - the file, relative to cwd,
//   - the enclosing function ("Type.Method", "Func", or "" at package level),
//   - the reported line's code as Go tokens, comments and spacing dropped,
//
// and nothing that holds a position: messages cite lines ("the receiver at
// line 25"), so they are not hashed. Reports that share all of that (two
// reports of one kind on one line) are numbered in position order.
func fingerprints(diags []diagnostic, cwd string) []string {
	src := newSourceCache()
	out := make([]string, len(diags))
	seen := make(map[string]int)
	for i, d := range diags {
		p := parsePosn(d.Posn)
		key := strings.Join([]string{
			d.Analyzer,
			d.Category,
			relPath(p.file, cwd),
			src.enclosingFunc(p.file, p.line),
			normalizeCode(src.line(p.file, p.line)),
		}, "\x00")
		n := seen[key]
		seen[key]++
		h := sha256.New()
		fmt.Fprintf(h, "%s\x00%d", key, n)
		out[i] = hex.EncodeToString(h.Sum(nil))[:32]
	}
	return out
}

// normalizeCode returns the Go tokens of a line of source separated by
// single spaces, without comments: what stays when the line is reindented
// or its trailing comment is edited.
func normalizeCode(line string) string {
	var s scanner.Scanner
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(line))
	s.Init(f, []byte(line), func(token.Position, string) {}, 0)
	var toks []string
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue // automatic semicolon
		}
		if lit == "" {
			lit = tok.String()
		}
		toks = append(toks, lit)
	}
	return strings.Join(toks, " ")
}

// sourceCache reads and parses source files on demand, each file once.
type sourceCache struct {
	lines map[string][]string
	funcs map[string][]funcSpan
}

// funcSpan is a top-level function's name and its lines.
type funcSpan struct {
	name       string
	start, end int
}

func newSourceCache() *sourceCache {
	return &sourceCache{lines: make(map[string][]string), funcs: make(map[string][]funcSpan)}
}

// line returns line n (1-based) of file, or "".
func (c *sourceCache) line(file string, n int) string {
	lines, ok := c.lines[file]
	if !ok {
		if data, err := os.ReadFile(file); err == nil {
			lines = strings.Split(string(data), "\n")
		}
		c.lines[file] = lines
	}
	if n < 1 || n > len(lines) {
		return ""
	}
	return lines[n-1]
}

// enclosingFunc returns the name of the top-level function declaration
// around line n of file: "Func", or "Type.Method" for a method (pointer or
// not, type parameters dropped); "" outside functions or when the file
// does not parse.
func (c *sourceCache) enclosingFunc(file string, n int) string {
	spans, ok := c.funcs[file]
	if !ok {
		fset := token.NewFileSet()
		if f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution); err == nil {
			for _, decl := range f.Decls {
				fd, ok := decl.(*ast.FuncDecl)
				if !ok {
					continue
				}
				name := fd.Name.Name
				if fd.Recv != nil && len(fd.Recv.List) > 0 {
					name = recvTypeName(fd.Recv.List[0].Type) + "." + name
				}
				spans = append(spans, funcSpan{name, fset.Position(fd.Pos()).Line, fset.Position(fd.End()).Line})
			}
		}
		c.funcs[file] = spans
	}
	for _, s := range spans {
		if s.start <= n && n <= s.end {
			return s.name
		}
	}
	return ""
}

func recvTypeName(x ast.Expr) string {
	for {
		switch t := x.(type) {
		case *ast.StarExpr:
			x = t.X
		case *ast.ParenExpr:
			x = t.X
		case *ast.IndexExpr:
			x = t.X
		case *ast.IndexListExpr:
			x = t.X
		case *ast.Ident:
			return t.Name
		default:
			return "?"
		}
	}
}
