// Command golangci-lint is golangci-lint v2 with conclint's module plugin
// compiled in: what "golangci-lint custom" would build, without cloning
// golangci-lint's repository (the module proxy is enough).
//
//	cd tools/golangci && go build -o golangci-lint-conclint .
//
// It is a nested module so that conclint's own module does not depend on
// golangci-lint.
package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/conclint/conclint/plugin" // registers the "conclint" module plugin
)

func main() {
	info := commands.BuildInfo{Version: "v2.15.0+conclint", Commit: "?", Date: "(unknown)", GoVersion: "unknown"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		info.GoVersion = bi.GoVersion
	}
	if err := commands.Execute(info); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
