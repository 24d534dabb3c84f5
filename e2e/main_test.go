// Package e2e runs the built conclint binary the way users do: standalone
// and as go vet -vettool, on the demo module, the bug corpus and small
// throwaway modules.
package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// binary is the conclint executable built once by TestMain for all tests
// of this package. It is set before any test runs and never changed.
var binary string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "conclint-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "conclint")
	build := exec.Command("go", "build", "-o", binary, "github.com/conclint/conclint/cmd/conclint")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building conclint: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}
