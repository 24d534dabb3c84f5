package main

// Packages analysed only for their facts.
//
// The go command runs the vet tool on every dependency of the packages it
// vets, with VetxOnly set in the config: the tool must write the
// package's facts for its importers and its diagnostics are thrown away.
// unitchecker then skips only the analyzers with no fact-producing
// analyzer anywhere below them, so every analyzer that requires the lock
// engine, the channel model or ctrlflow (through buildssa or staticcheck's
// IR) ran in full on every dependency, for nothing.
//
// factsOnly reshapes the graph for such a package: an analyzer that
// produces facts itself (lockorder, for its transitive lock-order edges)
// runs as before, because its facts depend on its whole computation; every
// other analyzer is replaced by a stand-in of the same name and flags that
// does nothing but require the fact producers it needs (the nearest
// analyzers with facts below it). Analyzers that are not enabled are
// dropped by the flag parser as usual, so only the fact producers that
// some enabled analyzer consumes run, and the package's facts are exactly
// those of the full graph (TestFactsOnlySameVetx).
//
// The decision is made on the config the tool finally runs: a VetxOnly
// config that diagScopeConfig rewrote to compute diagnostics (a dependency
// in the standalone mode's scope) gets the full graph.

import (
	"encoding/json"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// vetxOnly reports whether the vet config file asks for facts only. A file
// that cannot be read or decoded counts as a full run (unitchecker then
// reports the problem).
func vetxOnly(cfgFile string) bool {
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return false
	}
	var cfg struct{ VetxOnly bool }
	if json.Unmarshal(data, &cfg) != nil {
		return false
	}
	return cfg.VetxOnly
}

// factsOnly returns the analyzers to run on a package analysed only for
// its facts: roots, with each root that has no facts of its own replaced
// by a stand-in that only requires the fact producers below it.
func factsOnly(roots []*analysis.Analyzer) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(roots))
	for i, a := range roots {
		if len(a.FactTypes) > 0 {
			out[i] = a
			continue
		}
		stub := *a // same Name and Flags: -NAME and -NAME.flag parse as before
		stub.Requires = producers(a)
		stub.Run = func(*analysis.Pass) (any, error) { return nil, nil }
		stub.ResultType = nil
		out[i] = &stub
	}
	return out
}

// producers returns the nearest analyzers with facts among a's
// prerequisites, transitively, in a deterministic order.
func producers(a *analysis.Analyzer) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := make(map[*analysis.Analyzer]bool)
	var walk func(reqs []*analysis.Analyzer)
	walk = func(reqs []*analysis.Analyzer) {
		for _, r := range reqs {
			if seen[r] {
				continue
			}
			seen[r] = true
			if len(r.FactTypes) > 0 {
				out = append(out, r)
				continue // r runs its own prerequisites
			}
			walk(r.Requires)
		}
	}
	walk(a.Requires)
	return out
}

// noImporters reports whether no other package can import the package of
// the vet config cfgFile, so that its facts go unread: an external test
// package (import path p_test, only _test.go files), which only the test
// main imports.
//
// A test variant without an external test package beside it has no
// importer either, but one may be added later, and the go command would
// then take the variant's vetx from its cache (its inputs did not change):
// results would depend on what ran before. So test variants export.
func noImporters(cfgFile string) bool {
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return false
	}
	var cfg struct {
		ImportPath string
		GoFiles    []string
		VetxOnly   bool
	}
	if json.Unmarshal(data, &cfg) != nil || cfg.VetxOnly || len(cfg.GoFiles) == 0 || !strings.HasSuffix(cfg.ImportPath, "_test") {
		return false
	}
	for _, f := range cfg.GoFiles {
		if !strings.HasSuffix(f, "_test.go") {
			return false
		}
	}
	return true
}
