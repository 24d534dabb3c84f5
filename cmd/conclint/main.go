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
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/conclint/conclint/analyzers"
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
	signalProgress()
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
	args = exploreForDiagnostics(args)
	os.Args = append(os.Args[:1], args...)
	unitchecker.Main(analyzers.Driver()...)
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
