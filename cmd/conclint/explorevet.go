package main

import (
	"encoding/json"
	"os"
	"strings"

	"github.com/conclint/conclint/analyzers"
	"github.com/conclint/conclint/internal/explore"
)

// exploreForDiagnostics turns the interleaving explorer off in a vet
// process that runs only for facts (a dependency of the packages being
// vetted): its findings would be discarded, and exploring every
// dependency would multiply the cost. The explorer exports no facts, so
// nothing is lost.
func exploreForDiagnostics(args []string) []string {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return args
	}
	data, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return args
	}
	var cfg struct{ VetxOnly bool }
	if json.Unmarshal(data, &cfg) != nil || !cfg.VetxOnly {
		return args
	}
	var off []string
	for _, a := range analyzers.Analyzers() {
		if a.Flags.Lookup(explore.FlagName) != nil {
			off = append(off, "-"+a.Name+"."+explore.FlagName+"=false")
		}
	}
	// Later flags win: put ours just before the config file.
	out := append([]string(nil), args[:len(args)-1]...)
	out = append(out, off...)
	return append(out, args[len(args)-1])
}
