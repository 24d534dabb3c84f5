// Command sweep is conclint's robustness sweep: it runs conclint (go vet
// mode, every analyzer of the suite selected) over std,
// golang.org/x/tools/..., honnef.co/go/tools/... and every single-file
// program of $(go env GOROOT)/test, and reports
//
//   - panics and internal errors (the gate: there must be none),
//   - analyzer errors and other failures,
//   - packages on which conclint costs more than -ratio times go vet
//     (CPU of the per-package vet action, from -debug-actiongraph; only
//     packages where conclint spends at least -minslow CPU are flagged,
//     since a 50 ms package is dominated by fixed costs).
//
// GOROOT/test files are vetted one at a time as command-line-arguments
// packages (`go vet -vettool=conclint file.go`). Many of them are meant
// not to compile (// errorcheck) or are excluded by build constraints;
// for those a clean error is required, not a panic.
//
// Every run uses a fresh copy of the binary (random trailing bytes), so the
// go command's vet cache never hides a run.
//
// -quick runs a deterministic slice (every 8th std package, every 10th
// GOROOT/test file, no module patterns) in a few minutes; CI calls it.
// The exit status is 1 when any panic or internal error was seen.
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/conclint/conclint/analyzers"
)

var (
	quick    = flag.Bool("quick", false, "deterministic quick selection (CI): every 8th std package, every 10th GOROOT/test file")
	binFlag  = flag.String("bin", "", "use this prebuilt conclint `binary` instead of building ./cmd/conclint")
	setsFlag = flag.String("sets", "", "comma-separated sets to sweep: std, xtools, staticcheck, goroottest (default: all; with -quick: std,goroottest)")
	ratio    = flag.Float64("ratio", 10, "flag packages where conclint's CPU exceeds this multiple of go vet's")
	minSlow  = flag.Duration("minslow", time.Second, "only flag slow packages where conclint spent at least this much CPU")
	par      = flag.Int("p", 2, "parallel single-file runs")
	timeout  = flag.Duration("timeout", 2*time.Minute, "timeout of one single-file run")
	every    = flag.Int("every", 0, "take every Nth GOROOT/test file (0: all, or 10 with -quick)")
	outFile  = flag.String("o", "", "also write the full report (every failure's output) to `file`")
)

// panicRE matches what a crash of conclint or of one of its analyzers
// looks like: a Go panic, a goroutine dump, or the "internal error" that
// internal/isolate turns an analyzer panic into.
var panicRE = regexp.MustCompile(`(?m)^panic: |goroutine \d+ \[running\]|internal error|panicked`)

type sweep struct {
	root, work, bin, goflags string
	own                      []string
	flags                    []string // -NAME for every analyzer of the suite

	mu      sync.Mutex
	panics  []string
	errors  []string
	slow    []string
	details bytes.Buffer
	counts  map[string]int
	start   time.Time
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("sweep: ")
	flag.Parse()
	root, err := os.Getwd()
	if err != nil {
		log.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		log.Fatal("run from the repository root (scripts/sweep does)")
	}
	work, err := os.MkdirTemp("", "conclint-sweep-")
	if err != nil {
		log.Fatal(err)
	}
	s := &sweep{root: root, work: work, counts: map[string]int{}, start: time.Now()}
	for _, e := range analyzers.Suite() {
		if e.Origin == analyzers.Own {
			s.own = append(s.own, e.Analyzer.Name)
		}
	}
	s.setup()
	s.flags = enableFlags(s.bin)

	sets := *setsFlag
	if sets == "" {
		sets = "std,xtools,staticcheck,goroottest"
		if *quick {
			sets = "std,goroottest"
		}
	}
	for _, set := range strings.Split(sets, ",") {
		switch set {
		case "std":
			pkgs := s.list("std")
			if *quick {
				pkgs = everyNth(pkgs, 8)
			}
			s.packages("std", pkgs, false)
		case "xtools":
			s.packages("golang.org/x/tools/...", []string{"golang.org/x/tools/..."}, true)
		case "staticcheck":
			s.packages("honnef.co/go/tools/...", []string{"honnef.co/go/tools/..."}, true)
		case "goroottest":
			s.goroottest()
		default:
			log.Fatalf("unknown set %q", set)
		}
	}
	s.summary()
	_ = os.RemoveAll(work)
	if *outFile != "" {
		if err := os.WriteFile(*outFile, s.details.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	if len(s.panics) > 0 {
		os.Exit(1)
	}
}

func (s *sweep) setup() {
	s.bin = filepath.Join(s.work, "conclint")
	if *binFlag != "" {
		data, err := os.ReadFile(*binFlag)
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(s.bin, data, 0o755); err != nil {
			log.Fatal(err)
		}
	} else {
		cmd := exec.Command("go", "build", "-o", s.bin, "./cmd/conclint")
		cmd.Dir = s.root
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			log.Fatalf("building conclint: %v", err)
		}
	}
	// Salt once per sweep: the vet cache must not answer for this binary.
	data, err := os.ReadFile(s.bin)
	if err != nil {
		log.Fatal(err)
	}
	data = append(data, []byte("conclint-sweep-salt-"+randHex(16))...)
	if err := os.WriteFile(s.bin, data, 0o755); err != nil {
		log.Fatal(err)
	}
	// A copy of go.mod, so that module patterns may resolve their test
	// dependencies without touching the repository's go.mod.
	modDir := filepath.Join(s.work, "mod")
	if err := os.MkdirAll(modDir, 0o755); err != nil {
		log.Fatal(err)
	}
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(s.root, f))
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(modDir, f), data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	s.goflags = strings.TrimSpace(os.Getenv("GOFLAGS") + " -modfile=" + filepath.Join(modDir, "go.mod") + " -mod=mod")
}

// enableFlags returns -NAME for every analyzer the binary holds (read from
// its -flags handshake), so that analyzers off by default run too and a
// prebuilt binary with a different suite (-bin) works.
func enableFlags(bin string) []string {
	out, err := exec.Command(bin, "-flags").Output()
	if err != nil {
		log.Fatalf("%s -flags: %v", bin, err)
	}
	var flags []struct {
		Name  string
		Bool  bool
		Usage string
	}
	if err := json.Unmarshal(out, &flags); err != nil {
		log.Fatalf("%s -flags: %v", bin, err)
	}
	var names []string
	for _, f := range flags {
		if f.Bool && !strings.Contains(f.Name, ".") && strings.HasPrefix(f.Usage, "enable ") {
			names = append(names, "-"+f.Name)
		}
	}
	if len(names) == 0 {
		log.Fatalf("%s -flags: no analyzers", bin)
	}
	return names
}

func (s *sweep) list(pattern string) []string {
	cmd := exec.Command("go", "list", pattern)
	cmd.Dir = s.root
	out, err := cmd.Output()
	if err != nil {
		log.Fatalf("go list %s: %v", pattern, err)
	}
	return strings.Fields(string(out))
}

// action is the part of a -debug-actiongraph entry the sweep reads.
type action struct {
	Mode    string
	Package string
	CmdUser time.Duration
	CmdSys  time.Duration
	Failed  bool
}

// packages vets pkgs with go vet and with conclint, reading per-package
// CPU from the action graphs and crashes from conclint's output.
//
// Module patterns run with a copy of go.mod (-modfile, -mod=mod) so that
// their test dependencies resolve; std never needs it, which keeps the
// quick mode free of module resolution.
func (s *sweep) packages(title string, pkgs []string, modfile bool) {
	fmt.Fprintf(os.Stderr, "sweep: %s (%d patterns)\n", title, len(pkgs))
	vetGraph := filepath.Join(s.work, "vet-graph.json")
	cl := filepath.Join(s.work, "conclint-graph.json")
	// go vet first: it also compiles the export data both runs need.
	_, _, _ = s.run(s.root, 0, modfile, append([]string{"vet", "-printf.funcs=sweep" + randHex(8), "-debug-actiongraph=" + vetGraph}, pkgs...)...)
	args := append([]string{"vet", "-vettool=" + s.bin, "-json", "-debug-actiongraph=" + cl}, s.flags...)
	stdout, stderr, err := s.run(s.root, 0, modfile, append(args, pkgs...)...)
	out := stdout + stderr
	s.counts[title+": packages"] = 0
	if panicRE.MatchString(out) {
		s.addPanic(title, "", out)
	}
	s.jsonErrors(title, stdout)
	if err != nil && !panicRE.MatchString(out) {
		s.addError(title, fmt.Sprintf("go vet -vettool=conclint exited with %v", err), stderr)
	}
	vet := readGraph(vetGraph)
	con := readGraph(cl)
	n := 0
	var slowHere []string
	for pkg, c := range con {
		n++
		v, ok := vet[pkg]
		if !ok {
			continue
		}
		if c >= *minSlow && float64(c) > *ratio*float64(max(v, time.Millisecond)) {
			slowHere = append(slowHere, fmt.Sprintf("%s: conclint %.2fs CPU, go vet %.2fs CPU (%.0f×)", pkg, c.Seconds(), v.Seconds(), float64(c)/float64(max(v, time.Millisecond))))
		}
	}
	slices.Sort(slowHere)
	s.slow = append(s.slow, slowHere...)
	s.counts[title+": packages"] = n
	fmt.Fprintf(os.Stderr, "sweep: %s: %d packages vetted, %d slow\n", title, n, len(slowHere))
}

// jsonErrors reports {"error": ...} entries of go vet -json output: an
// analyzer that failed on a package.
func (s *sweep) jsonErrors(title, stdout string) {
	dec := json.NewDecoder(strings.NewReader(stdout))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			break // EOF, or non-JSON noise: crashes are caught by panicRE
		}
		for pkg, byAnalyzer := range tree {
			for name, raw := range byAnalyzer {
				var e struct {
					Error string `json:"error"`
				}
				if json.Unmarshal(raw, &e) == nil && e.Error != "" {
					msg := fmt.Sprintf("%s: %s: %s", pkg, name, e.Error)
					if panicRE.MatchString(e.Error) {
						s.addPanic(title, pkg, msg)
					} else {
						s.addError(title, pkg+": analyzer "+name+" failed", msg)
					}
				}
			}
		}
	}
}

func readGraph(path string) map[string]time.Duration {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var acts []action
	if err := json.Unmarshal(data, &acts); err != nil {
		return nil
	}
	out := map[string]time.Duration{}
	for _, a := range acts {
		if a.Mode == "vet" {
			out[a.Package] += a.CmdUser + a.CmdSys
		}
	}
	return out
}

// goroottest vets every single-file program of $GOROOT/test.
func (s *sweep) goroottest() {
	goroot := strings.TrimSpace(s.output("go", "env", "GOROOT"))
	dir := filepath.Join(goroot, "test")
	var files []string
	walkErr := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			// *.dir and testdata directories hold multi-file packages
			// driven by a stub file next to them; the stub is vetted.
			if strings.HasSuffix(d.Name(), ".dir") || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".go") {
			files = append(files, path)
		}
		return nil
	})
	if walkErr != nil {
		log.Fatal(walkErr)
	}
	slices.Sort(files)
	n := *every
	if n == 0 && *quick {
		n = 10
	}
	if n > 1 {
		files = everyNth(files, n)
	}
	fmt.Fprintf(os.Stderr, "sweep: %s: %d files\n", dir, len(files))
	empty := filepath.Join(s.work, "empty")
	if err := os.MkdirAll(empty, 0o755); err != nil {
		log.Fatal(err)
	}

	jobs := make(chan string)
	var wg sync.WaitGroup
	var done, ok, clean int
	for i := 0; i < max(*par, 1); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				args := append([]string{"vet", "-vettool=" + s.bin, "-json"}, s.flags...)
				stdout, stderr, err := s.run(empty, *timeout, false, append(args, f)...)
				rel, _ := filepath.Rel(goroot, f)
				out := stdout + stderr
				s.mu.Lock()
				done++
				switch {
				case panicRE.MatchString(out):
					s.panics = append(s.panics, rel)
					fmt.Fprintf(&s.details, "## PANIC %s\n%s\n", rel, tail(out, 4000))
				case err != nil && strings.Contains(err.Error(), "killed"):
					s.errors = append(s.errors, rel+": timeout")
					fmt.Fprintf(&s.details, "## TIMEOUT %s\n", rel)
				case err != nil:
					clean++ // a clean error: does not compile, excluded by build tags, …
				default:
					ok++
				}
				if done%100 == 0 {
					fmt.Fprintf(os.Stderr, "sweep: %d/%d files\n", done, len(files))
				}
				s.mu.Unlock()
				s.jsonErrors(rel, stdout)
			}
		}()
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	s.counts["GOROOT/test: files"] = len(files)
	s.counts["GOROOT/test: vetted cleanly"] = ok
	s.counts["GOROOT/test: clean errors (do not compile, build constraints, …)"] = clean
}

// run runs the go command in dir, with the go.mod copy if modfile is set.
func (s *sweep) run(dir string, limit time.Duration, modfile bool, args ...string) (string, string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = os.Environ()
	if modfile {
		cmd.Env = append(cmd.Env, "GOFLAGS="+s.goflags)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		return "", "", err
	}
	var timer *time.Timer
	if limit > 0 {
		timer = time.AfterFunc(limit, func() { _ = cmd.Process.Kill() })
	}
	err := cmd.Wait()
	if timer != nil {
		timer.Stop()
	}
	return stdout.String(), stderr.String(), err
}

func (s *sweep) output(args ...string) string {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = s.root
	out, err := cmd.Output()
	if err != nil {
		log.Fatalf("%s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

func (s *sweep) addPanic(title, pkg, out string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.panics = append(s.panics, strings.TrimSpace(title+" "+pkg))
	fmt.Fprintf(&s.details, "## PANIC %s %s\n%s\n", title, pkg, tail(out, 4000))
}

func (s *sweep) addError(title, what, out string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errors = append(s.errors, title+": "+what)
	fmt.Fprintf(&s.details, "## ERROR %s: %s\n%s\n", title, what, tail(out, 4000))
}

func (s *sweep) summary() {
	fmt.Printf("conclint robustness sweep (%s), %s\n  analyzers: %s\n  own analyzers in the suite: %s\n",
		map[bool]string{true: "quick", false: "full"}[*quick], time.Since(s.start).Round(time.Second),
		strings.Join(s.flags, " "), strings.Join(s.own, ", "))
	var keys []string
	for k := range s.counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Printf("  %s: %d\n", k, s.counts[k])
	}
	fmt.Printf("panics / internal errors: %d\n", len(s.panics))
	for _, p := range s.panics {
		fmt.Printf("  PANIC %s\n", p)
	}
	fmt.Printf("other errors: %d\n", len(s.errors))
	for _, e := range s.errors {
		fmt.Printf("  ERROR %s\n", e)
	}
	fmt.Printf("slow packages (conclint CPU > %.0f× go vet and ≥ %s): %d\n", *ratio, *minSlow, len(s.slow))
	for _, l := range s.slow {
		fmt.Printf("  SLOW %s\n", l)
	}
	if len(s.panics) > 0 {
		fmt.Printf("FAIL: conclint panicked\n")
	} else {
		fmt.Printf("PASS: no panics\n")
	}
}

func everyNth(xs []string, n int) []string {
	var out []string
	for i, x := range xs {
		if i%n == 0 {
			out = append(out, x)
		}
	}
	return out
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
