package e2e

// TestCorpus runs conclint over the bug corpus (testdata/corpus, its own
// module) and measures recall: each kernel marks the lines where a report
// is expected with "// WANT(<analyzer>)"; a report from that analyzer on
// any marked line of the kernel finds it. Reports from own analyzers on a
// fixed twin (files named fixed*.go) fail the test, and so does losing a
// kernel listed in testdata/corpus/baseline.txt. Kernels whose analyzer is
// not in the suite yet are counted as "no analyzer yet", not as misses.
//
//	go test ./e2e -run Corpus -v        # print the recall table
//	go test ./e2e -run Corpus -update   # rewrite baseline.txt from today's findings

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/conclint/conclint/analyzers"
)

func init() {
	// -update may also be defined by another file of this package; define
	// it only once and read it through the flag package.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files (here: testdata/corpus/baseline.txt)")
	}
}

func corpusUpdateFlag() bool {
	f := flag.Lookup("update")
	if f == nil {
		return false
	}
	b, _ := strconv.ParseBool(f.Value.String())
	return b
}

var corpusMarker = regexp.MustCompile(`// WANT\(([a-z0-9_,]+)\)`)

// kernelSet is a module of bug kernels with WANT markers and fixed twins,
// and the baseline of what conclint finds in it.
type kernelSet struct {
	name string // for messages: "corpus", "blind"
	dir  string
}

func (s kernelSet) baseline() string { return filepath.Join(s.dir, "baseline.txt") }

var (
	corpusSet = kernelSet{"corpus", filepath.Join("..", "testdata", "corpus")}
	// blindSet was written blind: from one-line bug descriptions, by an
	// engineer who had not read the analyzers (testdata/blind/README.md).
	blindSet = kernelSet{"blind", filepath.Join("..", "testdata", "blind")}
	// blind2Set was written the same way, later, by another engineer, as
	// the measurement of the finished work (testdata/blind2/README.md).
	blind2Set = kernelSet{"blind2", filepath.Join("..", "testdata", "blind2")}
)

// corpusReport is one diagnostic, with its file relative to the corpus root.
type corpusReport struct {
	Kernel, File string
	Line         int
	Analyzer     string
	Message      string
}

// corpusExpect is one expected finding: a kernel, an analyzer and the
// lines marked for it.
type corpusExpect struct {
	Kernel, Analyzer string
	Lines            map[string][]int // file -> marked lines
}

func (e corpusExpect) key() string { return e.Kernel + " " + e.Analyzer }

func TestCorpus(t *testing.T) { runKernelSet(t, corpusSet) }

// TestBlind measures recall on the blind set the same way; misses are
// expected there (they are the work left), losses and reports on fixed
// twins fail.
//
//	go test ./e2e -run Blind -v        # the recall table
//	go test ./e2e -run Blind -update   # rewrite testdata/blind/baseline.txt
func TestBlind(t *testing.T) {
	t.Run("blind", func(t *testing.T) { runKernelSet(t, blindSet) })
	t.Run("blind2", func(t *testing.T) { runKernelSet(t, blind2Set) })
}

func runKernelSet(t *testing.T, set kernelSet) {
	if binary == "" {
		t.Skip("no conclint binary")
	}
	own := map[string]bool{}
	inSuite := map[string]bool{}
	var args []string
	for _, e := range analyzers.Suite() {
		inSuite[e.Analyzer.Name] = true
		if e.Origin == analyzers.Own {
			own[e.Analyzer.Name] = true
		}
		// Select every analyzer explicitly, so analyzers that are off by
		// default are measured too.
		args = append(args, "-"+e.Analyzer.Name)
	}

	expects, kernels := corpusExpectations(t, set.dir)
	reports := corpusRun(t, set.dir, args)

	// Match reports against expectations.
	found := map[string]bool{}
	var fixedFalse, extra []corpusReport
	for _, r := range reports {
		base := filepath.Base(r.File)
		if strings.HasPrefix(base, "fixed") {
			if own[r.Analyzer] {
				fixedFalse = append(fixedFalse, r)
			}
			continue
		}
		matched := false
		for _, e := range expects {
			if e.Kernel == r.Kernel && e.Analyzer == r.Analyzer && slices.Contains(e.Lines[r.File], r.Line) {
				found[e.key()] = true
				matched = true
			}
		}
		if !matched {
			extra = append(extra, r)
		}
	}

	// The recall table, per analyzer of the markers.
	type row struct{ expected, found int }
	rows := map[string]*row{}
	var names []string
	for _, e := range expects {
		if rows[e.Analyzer] == nil {
			rows[e.Analyzer] = &row{}
			names = append(names, e.Analyzer)
		}
		rows[e.Analyzer].expected++
		if found[e.key()] {
			rows[e.Analyzer].found++
		}
	}
	slices.Sort(names)
	var tab strings.Builder
	fmt.Fprintf(&tab, "%s: %d kernels, %d expected findings\n", set.name, kernels, len(expects))
	fmt.Fprintf(&tab, "%-16s %8s %6s %8s  %s\n", "analyzer", "expected", "found", "recall", "status")
	var totExp, totFound, noAnalyzer int
	for _, n := range names {
		r := rows[n]
		status := "own analyzer"
		switch {
		case !inSuite[n]:
			status = "no analyzer yet"
			noAnalyzer += r.expected
		case !own[n]:
			status = "bundled"
		}
		if inSuite[n] {
			totExp += r.expected
			totFound += r.found
		}
		fmt.Fprintf(&tab, "%-16s %8d %6d %8s  %s\n", n, r.expected, r.found, corpusPct(r.found, r.expected), status)
	}
	fmt.Fprintf(&tab, "%-16s %8d %6d %8s  (analyzers in the suite; %d expected findings have no analyzer yet)\n",
		"overall", totExp, totFound, corpusPct(totFound, totExp), noAnalyzer)
	fmt.Fprintf(&tab, "false reports on fixed twins (own analyzers): %d\n", len(fixedFalse))
	t.Log("\n" + tab.String())
	for _, r := range extra {
		t.Logf("unmarked report in a bug kernel (not counted): %s:%d: %s [%s]", r.File, r.Line, r.Message, r.Analyzer)
	}
	for _, r := range fixedFalse {
		t.Errorf("false report on a fixed twin: %s:%d: %s [%s]", r.File, r.Line, r.Message, r.Analyzer)
	}
	for _, e := range expects {
		if inSuite[e.Analyzer] && !found[e.key()] {
			t.Logf("missed: %s (%s)", e.key(), corpusLines(e))
		}
	}

	// The baseline.
	var now []string
	for k := range found {
		now = append(now, k)
	}
	slices.Sort(now)
	if corpusUpdateFlag() {
		var b strings.Builder
		fmt.Fprintf(&b, "# Kernels of the %s set that conclint finds today, one \"kernel analyzer\" a line.\n", set.name)
		b.WriteString("# e2e/corpus_test.go fails when one of them is lost. Regenerate with:\n")
		fmt.Fprintf(&b, "#   go test ./e2e -run %s -update\n", map[string]string{"corpus": "Corpus", "blind": "Blind/blind$", "blind2": "Blind/blind2"}[set.name])
		for _, k := range now {
			b.WriteString(k + "\n")
		}
		if err := os.WriteFile(set.baseline(), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d entries)", set.baseline(), len(now))
		return
	}
	base, err := os.ReadFile(set.baseline())
	if err != nil {
		t.Fatalf("reading baseline: %v (create it with -update)", err)
	}
	inBase := map[string]bool{}
	for _, line := range strings.Split(string(base), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		inBase[line] = true
		if !found[line] {
			t.Errorf("lost a kernel of the baseline: %s is no longer found", line)
		}
	}
	for _, k := range now {
		if !inBase[k] {
			t.Logf("newly found (not in the baseline yet; run with -update): %s", k)
		}
	}
}

// corpusExpectations parses the WANT markers of every kernel.
func corpusExpectations(t *testing.T, corpusDir string) ([]corpusExpect, int) {
	t.Helper()
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []corpusExpect
	kernels := 0
	for _, d := range entries {
		if !d.IsDir() {
			continue
		}
		kernel := d.Name()
		files, err := filepath.Glob(filepath.Join(corpusDir, kernel, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(files)
		byAnalyzer := map[string]*corpusExpect{}
		var order []string
		hasFixed := false
		for _, path := range files {
			base := filepath.Base(path)
			if strings.HasPrefix(base, "fixed") {
				hasFixed = true
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(f)
			for line := 1; sc.Scan(); line++ {
				m := corpusMarker.FindStringSubmatch(sc.Text())
				if m == nil {
					continue
				}
				if strings.HasPrefix(base, "fixed") {
					t.Errorf("%s:%d: WANT marker in a fixed twin", path, line)
					continue
				}
				rel := kernel + "/" + base
				for _, a := range strings.Split(m[1], ",") {
					e := byAnalyzer[a]
					if e == nil {
						e = &corpusExpect{Kernel: kernel, Analyzer: a, Lines: map[string][]int{}}
						byAnalyzer[a] = e
						order = append(order, a)
					}
					e.Lines[rel] = append(e.Lines[rel], line)
				}
			}
			f.Close()
			if err := sc.Err(); err != nil {
				t.Fatal(err)
			}
		}
		if len(order) == 0 {
			t.Errorf("kernel %s has no WANT marker", kernel)
			continue
		}
		if !hasFixed {
			t.Errorf("kernel %s has no fixed twin (fixed.go or fixed_test.go)", kernel)
		}
		kernels++
		for _, a := range order {
			out = append(out, *byAnalyzer[a])
		}
	}
	return out, kernels
}

// corpusRun runs conclint in go vet mode over the corpus module and returns
// its reports. An analyzer error (a panic turned into an error included)
// fails the test.
func corpusRun(t *testing.T, corpusDir string, analyzerFlags []string) []corpusReport {
	t.Helper()
	abs, err := filepath.Abs(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"vet", "-vettool=" + binary, "-json"}, analyzerFlags...)
	args = append(args, "./...")
	cmd := exec.Command("go", args...)
	cmd.Dir = abs
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go vet -vettool=conclint: %v\n%s", err, stderr.String())
	}
	var out []corpusReport
	dec := json.NewDecoder(&stdout)
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("decoding go vet -json output: %v", err)
		}
		for pkg, byAnalyzer := range tree {
			for name, raw := range byAnalyzer {
				var diags []struct {
					Posn    string `json:"posn"`
					Message string `json:"message"`
				}
				if err := json.Unmarshal(raw, &diags); err != nil {
					// {"error": "..."}: the analyzer failed on this package.
					t.Errorf("%s: analyzer %s failed: %s", pkg, name, raw)
					continue
				}
				for _, d := range diags {
					file, line, ok := corpusPosn(d.Posn)
					if !ok {
						t.Errorf("bad position %q", d.Posn)
						continue
					}
					rel, err := filepath.Rel(abs, file)
					if err != nil || strings.HasPrefix(rel, "..") {
						continue // outside the corpus
					}
					rel = filepath.ToSlash(rel)
					kernel, _, _ := strings.Cut(rel, "/")
					out = append(out, corpusReport{Kernel: kernel, File: rel, Line: line, Analyzer: name, Message: d.Message})
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b corpusReport) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Analyzer, b.Analyzer)
	})
	return out
}

// corpusPosn splits "file:line:col" (or "file:line").
func corpusPosn(posn string) (string, int, bool) {
	parts := strings.Split(posn, ":")
	for _, n := range []int{3, 2} {
		if len(parts) < n {
			continue
		}
		line, err := strconv.Atoi(parts[len(parts)-n+1])
		if err != nil {
			continue
		}
		if n == 3 {
			if _, err := strconv.Atoi(parts[len(parts)-1]); err != nil {
				continue
			}
		}
		return strings.Join(parts[:len(parts)-n+1], ":"), line, true
	}
	return "", 0, false
}

func corpusPct(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(a)/float64(b))
}

func corpusLines(e corpusExpect) string {
	var parts []string
	var files []string
	for f := range e.Lines {
		files = append(files, f)
	}
	slices.Sort(files)
	for _, f := range files {
		for _, l := range e.Lines[f] {
			parts = append(parts, fmt.Sprintf("%s:%d", f, l))
		}
	}
	return strings.Join(parts, ", ")
}
