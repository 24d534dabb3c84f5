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
// Module sets (golang.org/x/tools, google.golang.org/grpc) run in a
// writable copy of the module taken from the module cache (fetched with
// go mod download when missing), with GOFLAGS=-mod=mod, so their own go.mod
// decides the versions and the incremental loops can edit a file.
//
// Incremental loops (-incremental, module sets only): after a run that
// fills the caches, one file of a leaf package (the largest package no
// other package of the set imports) gets a new comment line at its end, and
// both tools analyse again: the developer loop runs go vet PATTERNS and
// conclint PATTERNS (the standalone mode); the editor loop saves the file
// in a running "conclint lsp" and compares the analysis it triggers with
// go vet in the package's directory.
//
// Phase profile (-profile): one more conclint run per set under Linux
// perf, each CPU sample attributed to a phase or analyzer (profile.go).
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
	setsFlag      = flag.String("sets", "std,quarter,xtools,grpc", "comma-separated package sets for the cold runs: std, quarter (every 4th std package), xtools (golang.org/x/tools/...), grpc (google.golang.org/grpc/...); none: only the loops")
	toolsFlag     = flag.String("tools", "govet,conclint-own,conclint,staticcheck", "comma-separated tools to time")
	breakdownFlag = flag.String("breakdown", "own", "per-analyzer breakdown on the quarter set: own, all or none")
	scVersion     = flag.String("staticcheck", "v0.8.2", "staticcheck version to install from the module proxy")
	jsonOut       = flag.String("json", "", "also write raw measurements as JSON to `file`")
	keepWork      = flag.Bool("keep", false, "keep the temporary work directory")
	verbose       = flag.Bool("v", false, "print every command")
	binFlag       = flag.String("bin", "", "use this prebuilt conclint `binary` instead of building ./cmd/conclint")
	incrFlag      = flag.String("incremental", "xtools,grpc", "comma-separated module sets on which to measure the developer and editor loops (none: skip)")
	profileFlag   = flag.Bool("profile", true, "attribute conclint's CPU to phases and analyzers with Linux perf, one extra run per set")
	factsWork     = flag.String("vetx", "", "only report the sizes of the vetx files (export data, facts per fact type) under the go vet -work `directory`")
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
	root     string   // repository root
	work     string   // temp dir
	conclint string   // built binary (never run directly: salted copies are)
	sc       string   // staticcheck binary
	goflags  string   // for the std sets: a copy of the repository's go.mod
	own      []string // own analyzer names
	all      []string // all analyzer names
	results  []measurement
	sets     map[string]*pkgSet
}

// pkgSet is a package set: the patterns, and where and how to run them.
type pkgSet struct {
	name     string
	dir      string
	goflags  string
	patterns []string
	module   bool // dir is a writable copy of a module
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("bench: ")
	flag.Parse()
	if *factsWork != "" {
		v, err := measureVetx(*factsWork, 15)
		if err != nil {
			log.Fatal(err)
		}
		v.print()
		return
	}
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
	var sets []string
	if *setsFlag != "none" && *setsFlag != "" {
		sets = strings.Split(*setsFlag, ",")
	}
	tools := strings.Split(*toolsFlag, ",")
	profiles := make(map[string]*phaseProfile)
	for _, name := range sets {
		set := h.set(name)
		fmt.Fprintf(os.Stderr, "bench: set %s: %d patterns; warming export data\n", name, len(set.patterns))
		h.warm(set)
		repeats := *nFlag
		if *nLarge > 0 && name != "quarter" {
			repeats = *nLarge
		}
		for i := 0; i < repeats; i++ {
			for _, tool := range tools {
				if tool == "conclint-own" && len(h.own) == 0 {
					continue // no own analyzers in the suite yet
				}
				m := h.run(tool, set, nil)
				fmt.Fprintf(os.Stderr, "bench: %-12s %-8s run %d: wall %s cpu %s maxrss %d MB exit %d\n",
					tool, name, i+1, m.Wall.Round(time.Millisecond), m.CPU.Round(time.Millisecond), m.MaxRSS/1024, m.Exit)
			}
		}
		if *profileFlag {
			p, err := h.recordProfile(set.dir, []string{"GOFLAGS=" + set.goflags}, h.argv("conclint", set, nil))
			if err != nil {
				log.Printf("profile of %s: %v", name, err)
			} else {
				profiles[name] = p
			}
		}
	}
	h.summary(sets, tools)

	var loops []loopResult
	if *incrFlag != "none" && *incrFlag != "" {
		for _, name := range strings.Split(*incrFlag, ",") {
			set := h.set(name)
			if !set.module {
				log.Printf("incremental: %s is not a module set; skipped", name)
				continue
			}
			loops = append(loops, h.incremental(set, *nFlag)...)
		}
		printLoops(loops)
	}
	h.targets(sets, loops)

	if len(profiles) > 0 {
		fmt.Printf("## Where conclint's CPU goes (perf, one run per set)\n\n")
		for _, name := range sets {
			p := profiles[name]
			if p == nil {
				continue
			}
			fmt.Printf("### %s\n\n", setTitle(name))
			var cpu float64
			if m, ok := h.median("conclint", name); ok {
				cpu = m.CPU.Seconds()
			}
			p.print(os.Stdout, cpu)
			fmt.Println()
		}
	}

	var bd []string
	switch *breakdownFlag {
	case "own":
		bd = h.own
	case "all":
		bd = h.all
	}
	if len(bd) > 0 {
		quarter := h.set("quarter")
		if !slices.Contains(sets, "quarter") {
			h.warm(quarter)
		}
		fmt.Printf("\n## Per-analyzer breakdown (quarter set, one run each, `go vet -vettool=conclint -NAME`)\n\n")
		fmt.Printf("Each run includes the fixed cost of loading, type-checking and (for SSA passes) building SSA;\n")
		fmt.Printf("the `go vet` line (its default analyzers) and the suppression line (one cheap syntax check) are references for the fixed cost.\n\n")
		fmt.Printf("| analyzer | wall | CPU | peak RSS |\n|---|---:|---:|---:|\n")
		floor := h.run("govet", quarter, nil)
		fmt.Printf("| (go vet, reference) | %s | %s | %s |\n", dur(floor.Wall), dur(floor.CPU), mb(floor.MaxRSS))
		for _, name := range bd {
			m := h.run("conclint:"+name, quarter, []string{"-" + name})
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

// set returns a package set, preparing it on first use.
func (h *harness) set(name string) *pkgSet {
	if s, ok := h.sets[name]; ok {
		return s
	}
	s := &pkgSet{name: name, dir: h.root, goflags: h.goflags}
	switch name {
	case "std":
		s.patterns = []string{"std"}
	case "quarter":
		out, err := h.output(h.root, nil, "go", "list", "std")
		if err != nil {
			log.Fatalf("go list std: %v", err)
		}
		for i, p := range strings.Fields(out) {
			if i%4 == 0 {
				s.patterns = append(s.patterns, p)
			}
		}
	case "xtools":
		h.moduleCopy(s, "golang.org/x/tools", xtoolsVersion)
	case "grpc":
		h.moduleCopy(s, "google.golang.org/grpc", grpcVersion)
	default:
		log.Fatalf("unknown package set %q", name)
	}
	if h.sets == nil {
		h.sets = make(map[string]*pkgSet)
	}
	h.sets[name] = s
	return s
}

// The module versions of the module sets.
const (
	xtoolsVersion = "v0.52.0"
	grpcVersion   = "v1.85.0"
)

// moduleCopy makes s a writable copy of module mod@version under the work
// directory, from the module cache (downloaded when missing), analysed as
// ./... with its own go.mod.
func (h *harness) moduleCopy(s *pkgSet, mod, version string) {
	out, err := h.output(h.work, []string{"GOFLAGS=-mod=mod"}, "go", "mod", "download", "-json", mod+"@"+version)
	if err != nil {
		log.Fatalf("go mod download %s@%s: %v", mod, version, err)
	}
	var info struct{ Dir string }
	if err := json.Unmarshal([]byte(out), &info); err != nil || info.Dir == "" {
		log.Fatalf("go mod download %s@%s: no directory in %q", mod, version, out)
	}
	s.dir = filepath.Join(h.work, "src", s.name)
	if err := copyTree(info.Dir, s.dir); err != nil {
		log.Fatalf("copying %s: %v", info.Dir, err)
	}
	s.goflags = "-mod=mod"
	s.patterns = []string{"./..."}
	s.module = true
}

// copyTree copies the regular files of the tree at src to dst, writable.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// warm compiles the export data every tool needs, so that measurements
// see warm compiled export data and cold analysis caches.
func (h *harness) warm(s *pkgSet) {
	env := []string{"GOFLAGS=" + s.goflags}
	h.timed("warm", "", s.dir, env, append([]string{"go", "vet", "-printf.funcs=warm" + randHex(4)}, s.patterns...))
	h.timed("warm", "", s.dir, env, append([]string{"go", "list", "-export", "-deps", "-test", "-f", "{{.ImportPath}}"}, s.patterns...))
}

// run times one tool on one package set with a cold analysis cache.
func (h *harness) run(tool string, set *pkgSet, extra []string) measurement {
	var env []string
	if tool == "staticcheck" {
		dir, err := os.MkdirTemp(h.work, "sccache-")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(dir)
		env = []string{"STATICCHECK_CACHE=" + dir}
	}
	m := h.timed(tool, set.name, set.dir, append(env, "GOFLAGS="+set.goflags), h.argv(tool, set, extra))
	h.results = append(h.results, m)
	return m
}

// argv is the command line of a cold run of tool on set.
func (h *harness) argv(tool string, set *pkgSet, extra []string) []string {
	var argv []string
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
		argv = []string{h.sc}
	default:
		log.Fatalf("unknown tool %q", tool)
	}
	argv = append(argv, extra...)
	return append(argv, set.patterns...)
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
	cmd.Env = append(os.Environ(), "GOFLAGS="+h.goflags, "GOWORK=off")
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

// targets prints the ratios issue 15 sets targets for, in one table:
// conclint's CPU over go vet's, cold and in the loops (at most 1.5×), and
// the peak RSS of the largest process (at most 500 MB).
func (h *harness) targets(sets []string, loops []loopResult) {
	fmt.Printf("## Against the targets (CPU at most 1.5× go vet, peak RSS at most 500 MB)\n\n")
	fmt.Printf("| set | cold | developer loop | editor loop | peak RSS conclint (go vet) |\n|---|---:|---:|---:|---|\n")
	loop := func(set, name string) string {
		var vet, cl *loopResult
		for i := range loops {
			if l := &loops[i]; l.Set == set && l.Loop == name {
				if strings.HasPrefix(l.Tool, "go vet") {
					vet = l
				} else {
					cl = l
				}
			}
		}
		if vet == nil || cl == nil {
			return "–"
		}
		return fmt.Sprintf("%.2f×", ratio(cl.CPU, vet.CPU))
	}
	all := slices.Clone(sets)
	for _, l := range loops {
		if !slices.Contains(all, l.Set) {
			all = append(all, l.Set)
		}
	}
	for _, set := range all {
		cold, rss := "–", "–"
		a, okA := h.median("conclint", set)
		b, okB := h.median("govet", set)
		if okA && okB {
			cold = fmt.Sprintf("%.2f×", ratio(a.CPU, b.CPU))
			rss = fmt.Sprintf("%s (%s)", mb(a.MaxRSS), mb(b.MaxRSS))
		}
		fmt.Printf("| %s | %s | %s | %s | %s |\n", set, cold, loop(set, "developer"), loop(set, "editor"), rss)
	}
	fmt.Println()
}

// median returns the median measurement of tool on set.
func (h *harness) median(tool, set string) (measurement, bool) {
	var ms []measurement
	for _, m := range h.results {
		if m.Tool == tool && m.Set == set {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return measurement{}, false
	}
	return median(ms), true
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
		return "golang.org/x/tools/... (" + xtoolsVersion + ", a copy from the module cache)"
	case "grpc":
		return "google.golang.org/grpc/... (" + grpcVersion + ", a copy from the module cache)"
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
