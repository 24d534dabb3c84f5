// Command conclint finds concurrency hazards in Go code.
//
// Standalone:
//
//	conclint [flags] [packages]
//
// As a vet tool:
//
//	go vet -vettool=$(which conclint) [flags] [packages]
//
// Both modes run the same analyzers through the same path: the standalone
// mode runs "go vet -vettool=<itself> -json" underneath and renders its
// output, so every package is analysed in its own process (memory stays
// bounded on large trees) and the go command caches and parallelises the
// work. See docs/design.md for the measurements behind this choice.
//
// Exit status: 0 no findings, 3 findings, 1 error (bad flags, packages that
// do not load or type-check, an analyzer that failed); an error wins over
// findings.
package main

import (
	"flag"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/conclint/conclint/analyzers"
	"github.com/conclint/conclint/internal/isolate"
	"github.com/conclint/conclint/internal/suppress"
)

func main() {
	args := os.Args[1:]
	if isVetInvocation(args) {
		vetMain(args)
		return
	}
	os.Exit(standalone(args, os.Stdout, os.Stderr))
}

// isVetInvocation reports whether the go command is calling us as a vet
// tool: it asks for "-flags" or "-V=full", or passes a single *.cfg file
// after the flags.
func isVetInvocation(args []string) bool {
	for _, a := range args {
		if a == "-flags" || a == "--flags" || strings.HasPrefix(a, "-V") || strings.HasPrefix(a, "--V") {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg") && !strings.HasPrefix(args[len(args)-1], "-")
}

// vetMain serves the go vet protocol through unitchecker.
func vetMain(args []string) {
	if n := len(args); n > 0 && strings.HasSuffix(args[n-1], ".cfg") {
		signalProgress() // a package, not -flags or -V=full
		tuneGC()
	}
	// Analyzers that are off by default are disabled here unless the
	// command line selects analyzers explicitly (multichecker semantics:
	// any -NAME or -NAME=true runs only the named ones).
	if !explicitSelection(args) {
		for _, name := range analyzers.DefaultOff() {
			if !mentions(args, name) {
				args = append([]string{"-" + name + "=false"}, args...)
			}
		}
	}
	// The standalone mode's scope (see scope.go): registered so that the
	// go command accepts it and unitchecker parses it.
	flag.String(diagScopeFlag, "", "also compute diagnostics for packages analysed only for facts when they are in these classes (main,std,dep); set by the standalone mode so that results never depend on earlier runs")
	if n := len(args); n > 0 && strings.HasSuffix(args[n-1], ".cfg") && hasTrueFlag(args, "json") && !hasTrueFlag(args, "fix") {
		args[n-1] = diagScopeConfig(args[n-1], flagValue(args, diagScopeFlag))
	}
	args = exploreForDiagnostics(args)
	os.Args = append(os.Args[:1], args...)
	// Stale-directive reports belong to the suppression analyzer's
	// category: when it is off, the analyzers do not make them either.
	hook := suppress.Filter
	if !enabled(args, "suppression") {
		hook = suppress.FilterNoStale
	}
	// A dependency analysed for its facts only runs the fact producers,
	// on passes marked for internal/factsonly (factsonly.go), decided on
	// the config as finally rewritten above.
	var suite []*analysis.Analyzer
	// A package no other package imports (an external test package) marks
	// its passes factsonly.Unread: the fact producers skip the work they do
	// only for export.
	if n := len(args); n > 0 && strings.HasSuffix(args[n-1], ".cfg") && vetxOnly(args[n-1]) {
		suite = factsOnly(isolate.WrapFactsOnly(analyzers.Analyzers(), hook))
	} else if n > 0 && strings.HasSuffix(args[n-1], ".cfg") && noImporters(args[n-1]) {
		suite = isolate.WrapUnread(analyzers.Analyzers(), hook)
	} else {
		suite = isolate.Wrap(analyzers.Analyzers(), hook)
	}
	unitchecker.Main(suite...)
}

// The garbage collector's settings for one package's analysis, unless the
// user set GOGC or GOMEMLIMIT. A vet-tool process analyses one package and
// exits; with the default GOGC=100 a fifth of its CPU went to collecting
// garbage (docs/performance.md). GOGC=400 lets the heap grow to five times
// the live data between collections, and a soft limit of 400 MiB keeps the
// process of the largest package under the 500 MB budget: near the limit
// the runtime collects more often (at most half the CPU), so a package
// whose live data exceeds about 80 MiB trades some of the savings for the
// bound. cmd/compile tunes its collector for the same reason.
//
// A package whose live data alone approaches the limit (nats-server's
// 451k-line server package holds 1.7 GB) cannot be kept under it: the
// runtime would collect back to back, at its cap of half the CPU, for the
// whole analysis. relaxGC watches for that and then lifts the limit, with
// GOGC=50: the heap peaks at about 1.5 times the live data.
const (
	vetGCPercent   = 400
	vetMemoryLimit = 400 << 20

	relaxedGCPercent = 50
	relaxAt          = vetMemoryLimit / 10 * 9 // live heap past which the limit is lifted
	relaxPoll        = 50 * time.Millisecond
)

func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(vetGCPercent)
	debug.SetMemoryLimit(vetMemoryLimit)
	go relaxGC(relaxAt, relaxPoll)
}

// relaxGC lifts the memory limit once the live heap (as of the last
// collection) passes at bytes, checking every poll. It runs until then or
// for the life of the process, which analyses one package.
func relaxGC(at uint64, poll time.Duration) {
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	for {
		time.Sleep(poll)
		metrics.Read(live)
		if live[0].Value.Kind() != metrics.KindUint64 {
			return // not supported by this runtime: keep the limit
		}
		if live[0].Value.Uint64() > at {
			debug.SetGCPercent(relaxedGCPercent)
			debug.SetMemoryLimit(math.MaxInt64)
			return
		}
	}
}

// enabled reports whether the analyzer named name runs under args, with
// multichecker's semantics: -name=false turns it off, and an explicit
// selection of other analyzers leaves it out.
func enabled(args []string, name string) bool {
	for _, a := range args {
		n, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && n == name {
			b, err := strconv.ParseBool(val)
			return !hasVal || (err == nil && b)
		}
	}
	return !explicitSelection(args)
}

// explicitSelection reports whether args enable some analyzer by name.
func explicitSelection(args []string) bool {
	names := make(map[string]bool)
	for _, a := range analyzers.Analyzers() {
		names[a.Name] = true
	}
	for _, a := range args {
		name, val, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && names[name] && (val == "" || val == "true" || val == "1" || val == "t" || val == "T" || val == "TRUE" || val == "True") {
			return true
		}
	}
	return false
}

// mentions reports whether args has -name or -name=... (not -name.flag).
func mentions(args []string, name string) bool {
	for _, a := range args {
		n, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && n == name {
			return true
		}
	}
	return false
}
