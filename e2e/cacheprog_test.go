package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// leakNoImports is a module with one report and no imports, so that a run
// with an empty build cache compiles nothing of the standard library.
var leakNoImports = map[string]string{"m.go": `package m

// Leak's goroutine blocks forever on its send when done wins the select.
func Leak(done chan struct{}) int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	select {
	case v := <-ch:
		return v
	case <-done:
		return 0
	}
}
`}

// TestGOCACHEPROG: the go command's cache shared between machines through
// GOCACHEPROG (testdata/cacheprog keeps it in a shared directory). A first
// "machine" (its own empty GOCACHE) analyses a module and fills the shared
// cache; a second machine, with another empty GOCACHE, gets the same
// output without running the analysis at all: no vet-tool process starts
// (conclint's vet-tool processes count themselves in $CONCLINT_PROGRESS).
func TestGOCACHEPROG(t *testing.T) {
	tmp := t.TempDir()
	prog := filepath.Join(tmp, "cacheprog")
	build := exec.Command("go", "build", "-o", prog, "./testdata/cacheprog")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the cache program: %v\n%s", err, out)
	}
	dir := module(t, leakNoImports)
	store := filepath.Join(tmp, "shared")
	run := func(machine string) (out string, analysed int, hits int) {
		t.Helper()
		progress := filepath.Join(tmp, machine+".progress")
		trace := filepath.Join(tmp, machine+".log")
		if err := os.WriteFile(progress, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(binary, "./...")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(),
			"GOCACHE="+filepath.Join(tmp, machine+".gocache"),
			"GOCACHEPROG="+prog+" -dir "+store+" -log "+trace,
			"CONCLINT_PROGRESS="+progress)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if code := exitCode(cmd.Run()); code != 3 {
			t.Fatalf("%s: exit status %d, want 3\n%s%s", machine, code, stdout.String(), stderr.String())
		}
		fi, err := os.Stat(progress)
		if err != nil {
			t.Fatal(err)
		}
		log, _ := os.ReadFile(trace)
		return stdout.String(), int(fi.Size()), strings.Count(string(log), "get hit")
	}
	outA, analysedA, _ := run("machineA")
	outB, analysedB, hitsB := run("machineB")
	if !strings.Contains(outA, "[goroutineleak]") || outA != outB {
		t.Errorf("the two machines print differently:\n%s\nversus\n%s", outA, outB)
	}
	if analysedA == 0 {
		t.Errorf("machine A analysed nothing: the test does not measure the cache")
	}
	if analysedB != 0 || hitsB == 0 {
		t.Errorf("machine B ran the vet tool on %d packages with %d cache hits, want 0 runs, all served from GOCACHEPROG", analysedB, hitsB)
	}
}
