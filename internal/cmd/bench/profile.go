package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// The phase profile: the benchmark's conclint run on a set recorded with
// Linux perf (a CPU-clock sample every 10 ms of CPU time, with call
// stacks, in every process of the go vet tree), each sample attributed to
// the phase or analyzer on its stack. Sample counts are CPU time, so the
// shares hold however loaded the machine is.

// phaseRule attributes a sample whose stack has a frame with this prefix.
type phaseRule struct{ prefix, phase string }

// Rules are tried in this order; the first that matches any frame wins.
// They name the work that other work calls into (reading export data
// happens inside type checking, gob inside facts), so a sample is counted
// where its cost would go away.
var phaseOverrides = []phaseRule{
	{"golang.org/x/tools/internal/gcimporter.IImportData", "load: import dependencies' export data"},
	{"golang.org/x/tools/internal/gcimporter.iimport", "load: import dependencies' export data"},
	{"golang.org/x/tools/internal/facts.(*Decoder)", "facts: decode dependencies' facts"},
	{"golang.org/x/tools/internal/facts.(*Set).Encode", "facts: encode"},
	{"golang.org/x/tools/go/analysis/unitchecker.writeVetxFile", "facts: export data and write vetx"},
	{"golang.org/x/tools/go/analysis/unitchecker.readVetxFile", "load: read dependencies' vetx files"},
}

// Engines: the root-most frame of one of these names the phase (an
// engine computed lazily inside an analyzer is the engine's cost).
var phaseEngines = []phaseRule{
	{"go/parser.", "load: parse"},
	{"go/types.(*Config).Check", "load: type-check"},
	{"golang.org/x/tools/go/analysis/passes/buildssa.", "buildssa"},
	{"honnef.co/go/tools/internal/passes/buildir.", "buildir (staticcheck's IR)"},
	{"golang.org/x/tools/go/analysis/passes/ctrlflow.", "ctrlflow"},
	{"golang.org/x/tools/go/analysis/passes/inspect.", "inspect"},
	{"golang.org/x/tools/go/analysis/passes/internal/typeindexanalyzer", "typeindex"},
	{"golang.org/x/tools/internal/typesinternal/typeindex", "typeindex"},
	{"github.com/conclint/conclint/internal/lockset.", "engine: lockset"},
	{"github.com/conclint/conclint/internal/chanmodel.", "engine: chanmodel"},
	{"github.com/conclint/conclint/internal/explore.", "engine: explore"},
	{"github.com/conclint/conclint/internal/hb.", "engine: hb"},
}

// Analyzers: the root-most frame in an analyzer's package.
var phaseAnalyzers = []phaseRule{
	{"github.com/conclint/conclint/analyzers/", "analyzer "},
	{"golang.org/x/tools/go/analysis/passes/", "analyzer "},
	{"honnef.co/go/tools/staticcheck/", "analyzer "},
}

var phaseRest = []phaseRule{
	{"github.com/conclint/conclint/analyzers.", "suite: wrappers and the IR gate"},
	{"github.com/conclint/conclint/internal/suppress.", "suppression filter"},
	{"runtime.gcBgMarkWorker", "runtime: garbage collection (background)"},
	{"runtime.bgsweep", "runtime: garbage collection (background)"},
	{"runtime.bgscavenge", "runtime: garbage collection (background)"},
	{"runtime.doInit", "process: package initialisation"},
	{"main.main", "process: other (config, output, exit)"},
}

// classify returns the phase of one sample; stack is leaf first.
func classify(stack []string) string {
	for _, r := range phaseOverrides {
		for _, s := range stack {
			if strings.HasPrefix(s, r.prefix) {
				return r.phase
			}
		}
	}
	for _, rules := range [][]phaseRule{phaseEngines, phaseAnalyzers, phaseRest} {
		for i := len(stack) - 1; i >= 0; i-- {
			for _, r := range rules {
				if !strings.HasPrefix(stack[i], r.prefix) {
					continue
				}
				if r.phase == "analyzer " {
					name := stack[i][len(r.prefix):]
					if j := strings.IndexAny(name, "./"); j > 0 {
						name = name[:j]
					}
					return r.phase + name
				}
				return r.phase
			}
		}
	}
	return "runtime: other (scheduler, stacks, kernel)"
}

// phaseProfile is the attribution of one recorded run.
type phaseProfile struct {
	Samples int            // in the vet tool's processes
	GoCmd   int            // in the go command
	Phases  map[string]int // vet tool samples per phase
}

// readPerfScript parses `perf script` output (a header line per sample,
// then one frame per line, leaf first, and an empty line). Samples of
// commands named "go" are the go command's; everything else is the vet
// tool's.
func readPerfScript(r io.Reader) (*phaseProfile, error) {
	p := &phaseProfile{Phases: make(map[string]int)}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var comm string
	var stack []string
	flush := func() {
		switch comm {
		case "":
		case "go", "asm", "compile", "cgo", "link":
			p.GoCmd++
		default:
			p.Samples++
			p.Phases[classify(stack)]++
		}
		comm, stack = "", nil
	}
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			flush()
			continue
		}
		if line[0] != '\t' && line[0] != ' ' {
			flush()
			comm = strings.Fields(line)[0]
			continue
		}
		if strings.Contains(line, "[kernel") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		sym := f[1]
		if i := strings.LastIndex(sym, "+0x"); i > 0 {
			sym = sym[:i]
		}
		stack = append(stack, sym)
	}
	flush()
	return p, sc.Err()
}

// recordProfile runs argv under perf record and returns its attribution,
// or an error when perf is missing or fails.
func (h *harness) recordProfile(dir string, env, argv []string) (*phaseProfile, error) {
	perf, err := exec.LookPath("perf")
	if err != nil {
		return nil, fmt.Errorf("perf not found: %w", err)
	}
	data := filepath.Join(h.work, "perf-"+randHex(4)+".data")
	defer os.Remove(data)
	rec := exec.Command(perf, append([]string{"record", "-q", "-e", "cpu-clock", "-F", "100", "-g", "-o", data, "--"}, argv...)...)
	rec.Dir = dir
	rec.Env = append(os.Environ(), env...)
	if out, err := rec.CombinedOutput(); err != nil && rec.ProcessState == nil {
		return nil, fmt.Errorf("perf record: %w\n%s", err, tail(string(out), 2000))
	}
	script := exec.Command(perf, "script", "-i", data)
	stdout, err := script.StdoutPipe()
	if err != nil {
		return nil, err
	}
	script.Stderr = io.Discard
	if err := script.Start(); err != nil {
		return nil, err
	}
	p, err := readPerfScript(stdout)
	if werr := script.Wait(); err == nil && werr != nil {
		err = fmt.Errorf("perf script: %w", werr)
	}
	return p, err
}

// print writes the attribution as a markdown table, largest first; cpu is
// the measured CPU time of the conclint run in seconds, if known, to
// express shares as seconds.
func (p *phaseProfile) print(w io.Writer, cpu float64) {
	type row struct {
		phase string
		n     int
	}
	var rows []row
	for k, v := range p.Phases {
		rows = append(rows, row{k, v})
	}
	slices.SortFunc(rows, func(a, b row) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return strings.Compare(a.phase, b.phase)
	})
	total := p.Samples + p.GoCmd
	fmt.Fprintf(w, "| phase | share of CPU | ≈ CPU |\n|---|---:|---:|\n")
	share := func(n int) string { return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(max(total, 1))) }
	secs := func(n int) string {
		if cpu <= 0 {
			return ""
		}
		return fmt.Sprintf("%.1f s", cpu*float64(n)/float64(max(total, 1)))
	}
	var small int
	for _, r := range rows {
		if 1000*r.n < 5*total { // under 0.5%
			small += r.n
			continue
		}
		fmt.Fprintf(w, "| %s | %s | %s |\n", r.phase, share(r.n), secs(r.n))
	}
	if small > 0 {
		fmt.Fprintf(w, "| (phases under 0.5%% each) | %s | %s |\n", share(small), secs(small))
	}
	fmt.Fprintf(w, "| go command (not the vet tool) | %s | %s |\n", share(p.GoCmd), secs(p.GoCmd))
	fmt.Fprintf(w, "\n%d samples; ≈ CPU is each share of the median CPU of the measured runs.\n", total)
}
