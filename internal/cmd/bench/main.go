// Command bench times conclint against go vet and staticcheck on the same
// package sets, in one run, with cold analysis caches and warm compiled
// export data. It is run by scripts/bench; it is not a test and not a CI
// gate. See docs/performance.md for the method and the results.
//
// Cold analysis caches:
//   - go vet: the go command caches vet results under a key that includes
//     the vet flags, so every measurement passes a fresh -printf.funcs=<random>
//     value (verified: a repeated value is a cache hit in ~0.2s, a new one
//     re-analyses every package);
//   - conclint (go vet -vettool): the key includes the tool's ID, which
//     unitchecker derives from a hash of its executable, so every measurement
//     runs a fresh copy of the binary with random bytes appended (an ELF file
//     ignores trailing bytes). This works whatever analyzers and flags the
//     suite holds;
//   - staticcheck: a fresh, empty STATICCHECK_CACHE directory.
//
// Warm export data: before measuring a package set, the harness runs plain
// go vet once (compiling all export data, test variants included) and
// `go list -export -deps -test` (what staticcheck's loader asks for).
//
// Every command runs with GOFLAGS=-modfile=<copy of go.mod> -mod=mod, so
// patterns such as golang.org/x/tools/... resolve their test dependencies
// without touching the repository's go.mod.
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/conclint/conclint/analyzers"
)

var (
	nFlag         = flag.Int("n", 3, "repeat each measurement `n` times (median reported)")
	nLarge        = flag.Int("nlarge", 0, "repeats for the large sets std and xtools (default: -n)")
	setsFlag      = flag.String("sets", "std,quarter,xtools", "comma-separated package sets: std, quarter (every 4th std package), xtools (golang.org/x/tools/...)")
	toolsFlag     = flag.String("tools", "govet,conclint-own,conclint,staticcheck", "comma-separated tools to time")
	breakdownFlag = flag.String("breakdown", "own", "per-analyzer breakdown on the quarter set: own, all or none")
	scVersion     = flag.String("staticcheck", "v0.8.2", "staticcheck version to install from the module proxy")
	jsonOut       = flag.String("json", "", "also write raw measurements as JSON to `file`")
	keepWork      = flag.Bool("keep", false, "keep the temporary work directory")
	verbose       = flag.Bool("v", false, "print every command")
	binFlag       = flag.String("bin", "", "use this prebuilt conclint `binary` instead of building ./cmd/conclint")
)

// measurement is one timed run of one tool.
type measurement struct {
	Tool   string        `json:"tool"`
	Set    string        `json:"set"`
	Wall   time.Duration `json:"wall_ns"`
	CPU    time.Duration `json:"cpu_ns"`    // user+sys of the process and all its waited-for descendants
	MaxRSS int64         `json:"maxrss_kb"` // max RSS of the largest process in the tree
	Exit   int           `json:"exit"`
}

type harness struct {
	root     string // repository root
	work     string // temp dir
	conclint string // built binary (never run directly: salted copies are)
	sc       string // staticcheck binary
	goflags  string
	own      []string // own analyzer names
	all      []string // all analyzer names
	results  []measurement
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("bench: ")
	flag.Parse()
	root, err := os.Getwd()
	if err != nil {
		log.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		log.Fatal("run from the repository root (scripts/bench does)")
	}
	work, err := os.MkdirTemp("", "conclint-bench-")
	if err != nil {
		log.Fatal(err)
	}
	// Removed at the end of a successful run (a failed run leaves it for
	// inspection).
	h := &harness{root: root, work: work}
	for _, e := range analyzers.Suite() {
		h.all = append(h.all, e.Analyzer.Name)
		if e.Origin == analyzers.Own {
			h.own = append(h.own, e.Analyzer.Name)
		}
	}
	h.setup()

	fmt.Printf("# conclint benchmark\n\n")
	h.machine()
	sets := strings.Split(*setsFlag, ",")
	tools := strings.Split(*toolsFlag, ",")
	for _, set := range sets {
		pkgs := h.packages(set)
		fmt.Fprintf(os.Stderr, "bench: set %s: %d patterns; warming export data\n", set, len(pkgs))
		h.warm(pkgs)
		repeats := *nFlag
		if *nLarge > 0 && set != "quarter" {
			repeats = *nLarge
		}
		for i := 0; i < repeats; i++ {
			for _, tool := range tools {
				if tool == "conclint-own" && len(h.own) == 0 {
					continue // no own analyzers in the suite yet
				}
				m := h.run(tool, set, pkgs, nil)
				fmt.Fprintf(os.Stderr, "bench: %-12s %-8s run %d: wall %s cpu %s maxrss %d MB exit %d\n",
					tool, set, i+1, m.Wall.Round(time.Millisecond), m.CPU.Round(time.Millisecond), m.MaxRSS/1024, m.Exit)
			}
		}
	}
	h.summary(sets, tools)

	var bd []string
	switch *breakdownFlag {
	case "own":
		bd = h.own
	case "all":
		bd = h.all
	}
	if len(bd) > 0 {
		pkgs := h.packages("quarter")
		if !slices.Contains(sets, "quarter") {
			h.warm(pkgs)
		}
		fmt.Printf("\n## Per-analyzer breakdown (quarter set, one run each, `go vet -vettool=conclint -NAME`)\n\n")
		fmt.Printf("Each run includes the fixed cost of loading, type-checking and (for SSA passes) building SSA;\n")
		fmt.Printf("the `go vet` line (its default analyzers) and the suppression line (one cheap syntax check) are references for the fixed cost.\n\n")
		fmt.Printf("| analyzer | wall | CPU | peak RSS |\n|---|---:|---:|---:|\n")
		floor := h.run("govet", "quarter", pkgs, nil)
		fmt.Printf("| (go vet, reference) | %s | %s | %s |\n", dur(floor.Wall), dur(floor.CPU), mb(floor.MaxRSS))
		for _, name := range bd {
			m := h.run("conclint:"+name, "quarter", pkgs, []string{"-" + name})
			fmt.Fprintf(os.Stderr, "bench: %-20s wall %s cpu %s\n", name, m.Wall.Round(time.Millisecond), m.CPU.Round(time.Millisecond))
			fmt.Printf("| %s | %s | %s | %s |\n", name, dur(m.Wall), dur(m.CPU), mb(m.MaxRSS))
		}
	}
	fmt.Printf("\nload average at the end: %s\n", loadavg())
	if *jsonOut != "" {
		data, _ := json.MarshalIndent(h.results, "", "  ")
		if err := os.WriteFile(*jsonOut, data, 0o644); err != nil {
			log.Print(err)
		}
	}
	if !*keepWork {
		_ = os.RemoveAll(work)
	}
}

// setup builds conclint, installs staticcheck and prepares the modfile.
func (h *harness) setup() {
	h.conclint = filepath.Join(h.work, "conclint")
	if *binFlag != "" {
		data, err := os.ReadFile(*binFlag)
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(h.conclint, data, 0o755); err != nil {
			log.Fatal(err)
		}
	} else {
		h.mustRun(h.root, nil, "go", "build", "-o", h.conclint, "./cmd/conclint")
	}

	// go install pkg@version outside any module: go.mod is never touched.
	gobin := filepath.Join(h.work, "bin")
	h.mustRun(h.work, []string{"GOBIN=" + gobin, "GOFLAGS=-mod=mod"}, "go", "install", "honnef.co/go/tools/cmd/staticcheck@"+*scVersion)
	h.sc = filepath.Join(gobin, "staticcheck")

	modDir := filepath.Join(h.work, "mod")
	if err := os.MkdirAll(modDir, 0o755); err != nil {
		log.Fatal(err)
	}
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(h.root, f))
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(modDir, f), data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	h.goflags = strings.TrimSpace(os.Getenv("GOFLAGS") + " -modfile=" + filepath.Join(modDir, "go.mod") + " -mod=mod")
}

func (h *harness) machine() {
	cpu := "unknown"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "model name") {
				cpu = strings.TrimSpace(line[strings.Index(line, ":")+1:])
				break
			}
		}
	}
	mem := "unknown"
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		mem = strings.TrimSpace(strings.SplitN(string(data), "\n", 2)[0])
	}
	gov, _ := exec.Command("go", "version").Output()
	sc, _ := exec.Command(h.sc, "-version").Output()
	fmt.Printf("- date: %s\n", time.Now().UTC().Format(time.RFC3339))
	fmt.Printf("- machine: %s, %d logical CPUs, %s\n", cpu, runtime.NumCPU(), mem)
	fmt.Printf("- %s", gov)
	fmt.Printf("- staticcheck %s", sc)
	fmt.Printf("- conclint suite: %d analyzers (%d own: %s)\n", len(h.all), len(h.own), strings.Join(h.own, ", "))
	if *nLarge > 0 {
		fmt.Printf("- repeats: %d on the quarter set, %d on std and x/tools (median reported)\n", *nFlag, *nLarge)
	} else {
		fmt.Printf("- repeats: %d (median reported)\n", *nFlag)
	}
	fmt.Printf("- load average at the start: %s\n\n", loadavg())
}

// packages returns the command-line patterns of a package set.
func (h *harness) packages(set string) []string {
	switch set {
	case "std":
		return []string{"std"}
	case "quarter":
		out, err := h.output(h.root, nil, "go", "list", "std")
		if err != nil {
			log.Fatalf("go list std: %v", err)
		}
		var pkgs []string
		for i, p := range strings.Fields(out) {
			if i%4 == 0 {
				pkgs = append(pkgs, p)
			}
		}
		return pkgs
	case "xtools":
		return []string{"golang.org/x/tools/..."}
	}
	log.Fatalf("unknown package set %q", set)
	return nil
}

// warm compiles the export data every tool needs, so that measurements
// see warm compiled export data and cold analysis caches.
func (h *harness) warm(pkgs []string) {
	h.timed("warm", "", h.root, nil, append([]string{"go", "vet", "-printf.funcs=warm" + randHex(4)}, pkgs...))
	h.timed("warm", "", h.root, nil, append([]string{"go", "list", "-export", "-deps", "-test", "-f", "{{.ImportPath}}"}, pkgs...))
}

// run times one tool on one package set with a cold analysis cache.
func (h *harness) run(tool, set string, pkgs, extra []string) measurement {
	var argv, env []string
	var cleanup string // a directory to remove after the run
	switch {
	case tool == "govet":
		argv = []string{"go", "vet", "-printf.funcs=bench" + randHex(8)}
	case tool == "conclint":
		argv = []string{"go", "vet", "-vettool=" + h.salted()}
	case tool == "conclint-own":
		argv = []string{"go", "vet", "-vettool=" + h.salted()}
		for _, name := range h.own {
			argv = append(argv, "-"+name)
		}
	case strings.HasPrefix(tool, "conclint:"):
		argv = []string{"go", "vet", "-vettool=" + h.salted()}
	case tool == "staticcheck":
		dir, err := os.MkdirTemp(h.work, "sccache-")
		if err != nil {
			log.Fatal(err)
		}
		cleanup = dir
		argv = []string{h.sc}
		env = []string{"STATICCHECK_CACHE=" + dir}
	default:
		log.Fatalf("unknown tool %q", tool)
	}
	argv = append(argv, extra...)
	argv = append(argv, pkgs...)
	m := h.timed(tool, set, h.root, env, argv)
	h.results = append(h.results, m)
	if cleanup != "" {
		_ = os.RemoveAll(cleanup)
	}
	return m
}

// salted returns a fresh copy of the conclint binary with random trailing
// bytes, so the go command's vet cache key (which includes the tool's
// content hash, via -V=full) is new.
func (h *harness) salted() string {
	data, err := os.ReadFile(h.conclint)
	if err != nil {
		log.Fatal(err)
	}
	data = append(data, []byte("conclint-bench-salt-"+randHex(16))...)
	p := filepath.Join(h.work, "conclint-"+randHex(6))
	if err := os.WriteFile(p, data, 0o755); err != nil {
		log.Fatal(err)
	}
	return p
}

func (h *harness) timed(tool, set, dir string, env, argv []string) measurement {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS="+h.goflags)
	cmd.Env = append(cmd.Env, env...)
	var stderr bytes.Buffer
	cmd.Stdout = io.Discard
	cmd.Stderr = &stderr
	if *verbose {
		fmt.Fprintf(os.Stderr, "bench: $ %s\n", strings.Join(argv, " "))
	}
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	m := measurement{Tool: tool, Set: set, Wall: wall}
	if cmd.ProcessState == nil {
		log.Fatalf("%s: %v", strings.Join(argv, " "), err)
	}
	m.Exit = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		// On Linux, wait4's rusage covers the child and every descendant
		// it waited for (the go command waits for its vet tools), and
		// Maxrss is the largest single process in that tree.
		m.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		m.MaxRSS = ru.Maxrss
	}
	// Exit 1 with diagnostics is a normal outcome for all three tools;
	// a crash or a load failure is not.
	if s := stderr.String(); strings.Contains(s, "panic:") || strings.Contains(s, "cannot find package") || strings.Contains(s, "go: updates to go.mod needed") {
		log.Printf("%s: suspicious output:\n%s", strings.Join(argv, " "), tail(s, 2000))
	}
	return m
}

func (h *harness) mustRun(dir string, env []string, argv ...string) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatalf("%s: %v", strings.Join(argv, " "), err)
	}
}

func (h *harness) output(dir string, env []string, argv ...string) (string, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	return string(out), err
}

// summary prints, per set, the median of each tool and the ratios.
func (h *harness) summary(sets, tools []string) {
	for _, set := range sets {
		fmt.Printf("## %s\n\n", setTitle(set))
		fmt.Printf("| tool | wall (median) | CPU user+sys (median) | peak RSS (max) | runs |\n|---|---:|---:|---:|---:|\n")
		med := map[string]measurement{}
		for _, tool := range tools {
			var ms []measurement
			for _, m := range h.results {
				if m.Tool == tool && m.Set == set {
					ms = append(ms, m)
				}
			}
			if len(ms) == 0 {
				continue
			}
			m := median(ms)
			med[tool] = m
			fmt.Printf("| %s | %s | %s | %s | %d |\n", toolTitle(tool), dur(m.Wall), dur(m.CPU), mb(m.MaxRSS), len(ms))
		}
		fmt.Println()
		for _, num := range []string{"conclint", "conclint-own"} {
			a, ok := med[num]
			if !ok {
				continue
			}
			for _, den := range []string{"govet", "staticcheck"} {
				b, ok := med[den]
				if !ok {
					continue
				}
				fmt.Printf("- %s / %s: wall %.2f×, CPU %.2f×, peak RSS %.2f×\n", toolTitle(num), toolTitle(den),
					ratio(a.Wall, b.Wall), ratio(a.CPU, b.CPU), float64(a.MaxRSS)/float64(max(b.MaxRSS, 1)))
			}
		}
		fmt.Println()
	}
}

func median(ms []measurement) measurement {
	walls := make([]time.Duration, len(ms))
	cpus := make([]time.Duration, len(ms))
	var rss int64
	for i, m := range ms {
		walls[i], cpus[i] = m.Wall, m.CPU
		rss = max(rss, m.MaxRSS)
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	return measurement{Tool: ms[0].Tool, Set: ms[0].Set, Wall: walls[len(walls)/2], CPU: cpus[len(cpus)/2], MaxRSS: rss}
}

func setTitle(set string) string {
	switch set {
	case "std":
		return "std (`std`)"
	case "quarter":
		return "quarter of std (every 4th package of `go list std`)"
	case "xtools":
		return "golang.org/x/tools/... (v0.52.0, from the module cache)"
	}
	return set
}

func toolTitle(tool string) string {
	switch tool {
	case "govet":
		return "go vet"
	case "conclint":
		return "conclint (full suite)"
	case "conclint-own":
		return "conclint (own analyzers)"
	}
	return tool
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(max(b, 1)) }
func dur(d time.Duration) string       { return fmt.Sprintf("%.1f s", d.Seconds()) }
func mb(kb int64) string               { return fmt.Sprintf("%d MB", kb/1024) }

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
