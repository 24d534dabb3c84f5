// Package factsonly tells an analyzer that its diagnostics will be thrown
// away: it runs on a package analysed only for its facts (a dependency,
// under the go vet protocol's VetxOnly), so it should export its facts and
// skip the work that only reporting needs.
//
// Under go vet, every dependency of the packages asked for is analysed for
// its facts, so work done there for reports is paid once per dependency
// and never shown. conclint's vet-tool entry runs only the fact producers
// on such a package (cmd/conclint/factsonly.go) and marks their passes;
// a fact producer, or a prerequisite of one, asks:
//
//	if factsonly.Is(pass) {
//		exportFacts(pass)
//		return result, nil // without the report-only parts
//	}
//
// A result computed lazily (on the first call of a method, as lockset,
// chanmodel and the explorer do) costs nothing when nobody asks; Is is for
// the work a fact producer does eagerly, and for the explorer's reports
// through a fact producer (lockorder).
//
// Other drivers (analysistest, the x/tools checker, golangci-lint) never
// mark a pass: Is is then false and everything runs as usual.
package factsonly

import "golang.org/x/tools/go/analysis"

// key marks a pass: it is a key of the pass's ResultOf map, never run.
var key = &analysis.Analyzer{
	Name: "factsonly",
	Doc:  "factsonly: marks the passes of a package analysed only for its facts (never run)",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

// Is reports whether pass runs on a package analysed only for its facts.
func Is(pass *analysis.Pass) bool {
	_, ok := pass.ResultOf[key]
	return ok
}

// Mark returns a copy of pass that Is reports as facts-only. Drivers call
// it; analyzers do not.
func Mark(pass *analysis.Pass) *analysis.Pass { return mark(pass, key) }

// mark returns a copy of pass with k in its ResultOf.
func mark(pass *analysis.Pass, k *analysis.Analyzer) *analysis.Pass {
	marked := *pass
	marked.ResultOf = make(map[*analysis.Analyzer]any, len(pass.ResultOf)+1)
	for a, v := range pass.ResultOf {
		marked.ResultOf[a] = v
	}
	marked.ResultOf[k] = true
	return &marked
}

// unreadKey marks a pass whose facts no package will read.
var unreadKey = &analysis.Analyzer{
	Name: "factsunread",
	Doc:  "factsunread: marks the passes of a package that no other package imports (never run)",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

// Unread reports whether no other package will read the facts the pass
// exports: the package is an external test package, which only the test
// main imports. A fact producer may then skip the work it does only to
// export facts; facts it exports are still recorded (its own package may
// read them back).
func Unread(pass *analysis.Pass) bool {
	_, ok := pass.ResultOf[unreadKey]
	return ok
}

// MarkUnread returns a copy of pass that Unread reports as such. Drivers
// call it; analyzers do not.
func MarkUnread(pass *analysis.Pass) *analysis.Pass { return mark(pass, unreadKey) }
