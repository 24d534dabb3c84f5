package analyzers

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
)

// withLockSite returns a copy of staticcheck's SA2001 (empty critical
// section, reported on the Unlock) whose reports name the Lock right before
// it as a related site, like every other two-site report of the suite, so
// a //conclint:ignore on either line suppresses the report.
func withLockSite(a *analysis.Analyzer) *analysis.Analyzer {
	c := *a
	run := a.Run
	c.Run = func(pass *analysis.Pass) (any, error) {
		inner := *pass
		inner.Report = func(d analysis.Diagnostic) {
			if prev := previousStmt(pass.Files, d.Pos); prev != nil {
				d.Related = append(d.Related, analysis.RelatedInformation{Pos: prev.Pos(), End: prev.End(), Message: "locked here"})
			}
			pass.Report(d)
		}
		return run(&inner)
	}
	return &c
}

// previousStmt returns the statement before the one starting at pos in the
// same block, or nil.
func previousStmt(files []*ast.File, pos token.Pos) ast.Stmt {
	for _, f := range files {
		if pos < f.Pos() || pos >= f.End() {
			continue
		}
		var prev ast.Stmt
		ast.Inspect(f, func(n ast.Node) bool {
			if prev != nil || n == nil || pos < n.Pos() || pos >= n.End() {
				return false // found, or pos is not inside n
			}
			if b, ok := n.(*ast.BlockStmt); ok {
				for i, s := range b.List {
					if s.Pos() == pos && i > 0 {
						prev = b.List[i-1]
					}
				}
			}
			return prev == nil
		})
		return prev
	}
	return nil
}
