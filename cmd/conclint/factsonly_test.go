package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
)

// TestFactsOnlySameVetx: on a package analysed only for its facts, the
// pruned graph writes exactly the facts (and types) of the full graph. The
// configs come from a real go vet run (-work keeps them): the dependency
// package of a small module and standard-library dependencies.
func TestFactsOnlySameVetx(t *testing.T) {
	if testing.Short() {
		t.Skip("builds conclint and runs go vet")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "conclint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// A tool ID of its own (the go command hashes the executable), so that
	// no vet result of an earlier run is reused and every config is written.
	f, err := os.OpenFile(bin, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = fmt.Fprintf(f, "conclint-test-salt-%d", time.Now().UnixNano())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	mod := filepath.Join(tmp, "m")
	files := map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.22\n",
		"dep/dep.go": `package dep

import "sync"

type Store struct {
	mu, other sync.Mutex
	n         int
}

// Lock-set summaries and lock-order edges.
func (s *Store) Both() {
	s.mu.Lock()
	s.other.Lock()
	s.n++
	s.other.Unlock()
	s.mu.Unlock()
}

func (s *Store) Locked() { s.mu.Lock() }

// A channel-parameter summary.
func Drain(ch chan int) {
	for range ch {
	}
}

func Send(ch chan<- int) { go func() { ch <- 1 }() }
`,
		"root/root.go": `package root

import (
	"context"
	"net/http"

	"example.com/m/dep"
)

func Use(s *dep.Store, ch chan int, ctx context.Context) {
	s.Both()
	dep.Drain(ch)
	_, _ = http.NewRequestWithContext(ctx, "GET", "/", nil)
}
`,
	}
	for name, src := range files {
		p := filepath.Join(mod, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "vet", "-work", "-vettool="+bin, "./root")
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
	out, _ := cmd.CombinedOutput() // exit 1 with reports is fine
	var work string
	for _, line := range strings.Split(string(out), "\n") {
		if w, ok := strings.CutPrefix(line, "WORK="); ok {
			work = strings.TrimSpace(w)
		}
	}
	if work == "" {
		t.Fatalf("go vet -work printed no WORK directory:\n%s", out)
	}
	defer os.RemoveAll(work)

	cfgs, _ := filepath.Glob(filepath.Join(work, "*", "vet.cfg"))
	want := map[string]bool{"example.com/m/dep": true, "sync": true, "context": true, "net/http": true}
	tested := 0
	for _, cfgFile := range cfgs {
		data, err := os.ReadFile(cfgFile)
		if err != nil {
			t.Fatal(err)
		}
		var cfg map[string]any
		if err := json.Unmarshal(data, &cfg); err != nil {
			t.Fatal(err)
		}
		path, _ := cfg["ImportPath"].(string)
		if !want[path] || cfg["VetxOnly"] != true {
			continue
		}
		tested++
		vetx := func(vetxOnly bool, name string) []byte {
			t.Helper()
			cfg["VetxOnly"] = vetxOnly
			cfg["VetxOutput"] = filepath.Join(tmp, name+".vetx")
			cfg["Stdout"] = filepath.Join(tmp, name+".stdout")
			data, _ := json.Marshal(cfg)
			file := filepath.Join(tmp, name+".cfg")
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(bin, "-json", file).CombinedOutput()
			if err != nil {
				t.Fatalf("%s (VetxOnly=%v): %v\n%s", path, vetxOnly, err, out)
			}
			v, err := os.ReadFile(cfg["VetxOutput"].(string))
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		full, again, pruned := vetx(false, "full"), vetx(false, "again"), vetx(true, "pruned")
		if !bytes.Equal(full, again) {
			t.Errorf("%s: two full runs write different vetx files (%d, %d bytes): cannot compare", path, len(full), len(again))
			continue
		}
		if !bytes.Equal(full, pruned) {
			t.Errorf("%s: facts-only run wrote %d bytes of vetx, the full run %d", path, len(pruned), len(full))
		}
	}
	if tested != len(want) {
		t.Errorf("found VetxOnly configs for %d of the packages %v", tested, want)
	}
}

// TestFactsOnlyGraph: stand-ins keep names and flags, require only the
// nearest fact producers, and analyzers with facts stay as they are.
func TestFactsOnlyGraph(t *testing.T) {
	facts := &analysis.Analyzer{Name: "facts", Doc: "facts", FactTypes: []analysis.Fact{nil}}
	plain := &analysis.Analyzer{Name: "plain", Doc: "plain", Requires: []*analysis.Analyzer{facts}}
	deep := &analysis.Analyzer{Name: "deep", Doc: "deep", Requires: []*analysis.Analyzer{facts}, FactTypes: []analysis.Fact{nil}}
	root := &analysis.Analyzer{Name: "root", Doc: "root", Requires: []*analysis.Analyzer{plain, deep}}
	root.Flags.Bool("x", false, "a flag")
	own := &analysis.Analyzer{Name: "own", Doc: "own", Requires: []*analysis.Analyzer{plain}, FactTypes: []analysis.Fact{nil}}
	none := &analysis.Analyzer{Name: "none", Doc: "none"}
	got := factsOnly([]*analysis.Analyzer{root, own, none})
	if got[0] == root || got[0].Name != "root" || got[0].Flags.Lookup("x") == nil {
		t.Errorf("root: want a stand-in with the same name and flags, got %+v", got[0])
	}
	if len(got[0].Requires) != 2 || got[0].Requires[0] != facts || got[0].Requires[1] != deep {
		t.Errorf("root stand-in requires %v, want [facts deep]", got[0].Requires)
	}
	if got[1] != own {
		t.Error("an analyzer with facts must run as it is")
	}
	if len(got[2].Requires) != 0 {
		t.Errorf("none: requires %v, want nothing", got[2].Requires)
	}
}
