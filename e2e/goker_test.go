package e2e

// TestGoKer runs conclint over the GoKer blocking-bug kernels that ship with
// Go (GoBench's GoKer suite, adapted for the runtime's goroutine leak
// profile) in place: they are read from
// $(go env GOROOT)/src/runtime/testdata/testgoroutineleakprofile/goker at
// test time, copied to a temporary module, and never stored in this
// repository. The kernels are a development set for the interleaving
// explorer (internal/explore), so no rule of conclint may name one.
//
// A kernel is found when an analyzer the bug's kind calls for reports at
// the operation a leaked goroutine blocks on:
//
//   - what leaks comes from the runtime's own test of the profile
//     ($GOROOT/src/runtime/goroutineleakprofile_test.go): the function each
//     leaked goroutine was started on and its wait reason ("chan send",
//     "sync.Mutex.Lock", ...). A report of the explorer names the blocked
//     goroutine's function and its operation ("goroutine (*T).run blocks
//     forever sending on ..."), which must match one of them. A report of a
//     pattern check must be on a line with a blocking operation of one of
//     the expected wait reasons.
//   - the analyzer comes from the bug's type and sub-type in the kernels'
//     README (gokerAnalyzers).
//
// The per-kernel results are compared with testdata/goker/baseline.txt:
// losing a kernel fails the test. The fixed twins in testdata/gokertwins
// (written for this repository from the fixes the README describes) must
// draw no report at all.
//
//	go test ./e2e -run GoKer -v          # the table (scripts/goker prints it alone)
//	go test ./e2e -run GoKer -update     # rewrite the baseline

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/conclint/conclint/analyzers"
)

var (
	gokerBaseline = filepath.Join("..", "testdata", "goker", "baseline.txt")
	gokerTwins    = filepath.Join("..", "testdata", "gokertwins")
)

// gokerAnalyzers maps a README "Type / Sub-type" to the analyzers whose
// hazard it is. A lock left held by a goroutine that returned, which
// blocks another one forever, is goroutineleak's (a goroutine blocked
// forever) — GoKer files several such bugs as "double locking".
func gokerAnalyzers(typ, sub string) []string {
	sub = strings.ToLower(sub)
	switch typ {
	case "Resource":
		switch {
		case strings.Contains(sub, "ab-ba"):
			return []string{"lockorder"}
		case strings.Contains(sub, "rwr"):
			return []string{"doublelock", "lockorder"}
		case strings.Contains(sub, "missing unlock"):
			return []string{"missingunlock", "goroutineleak"}
		}
		return []string{"doublelock", "goroutineleak"}
	case "Communication":
		return []string{"goroutineleak"}
	case "Mixed":
		if strings.Contains(sub, "lock") && !strings.Contains(sub, "waitgroup") {
			return []string{"chanlock"}
		}
		return []string{"chanlock", "goroutineleak"}
	}
	return nil
}

// gokerKernel is one kernel with what finding it means.
type gokerKernel struct {
	File, Name string // file name, registered name (Cockroach1055)
	Type, Sub  string // README type and sub-type
	Allowed    []string
	Leaks      []*regexp.Regexp // "Func\(.* \[wait reason\]"; nil: not in the runtime's test
}

func TestGoKer(t *testing.T) {
	if binary == "" {
		t.Skip("no conclint binary")
	}
	goroot := goEnv(t, "GOROOT")
	src := filepath.Join(goroot, "src", "runtime", "testdata", "testgoroutineleakprofile", "goker")
	if _, err := os.Stat(src); err != nil {
		t.Skipf("no GoKer kernels in this Go installation (%v)", err)
	}
	kernels := gokerKernels(t, goroot, src)

	// The kernels, in place: copied to a temporary module.
	dir := t.TempDir()
	files, _ := filepath.Glob(filepath.Join(src, "*.go"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(dir, "go.mod"), "module goker\n\ngo 1.26\n")

	// With CONCLINT_GOKER_DEFAULT set (scripts/goker -default), the
	// default suite as a user runs it: no analyzer selected, no explorer;
	// the table is printed and the baseline, which is the explorer's, is
	// not checked.
	defaultSuite := os.Getenv("CONCLINT_GOKER_DEFAULT") != ""
	reports := gokerRun(t, dir, !defaultSuite)
	found := make(map[string]string) // kernel → analyzer that found it
	var why []string
	for _, k := range kernels {
		for _, r := range reports[k.File] {
			if !slices.Contains(k.Allowed, r.Analyzer) {
				continue
			}
			if gokerMatch(k, r, dir) {
				if found[k.Name] == "" {
					found[k.Name] = r.Analyzer
				}
			}
		}
		if found[k.Name] == "" {
			var rs []string
			for _, r := range reports[k.File] {
				rs = append(rs, fmt.Sprintf("%d [%s] %s", r.Line, r.Analyzer, r.Message))
			}
			why = append(why, fmt.Sprintf("missed %s (%s / %s; want %s): %s", k.Name, k.Type, k.Sub, strings.Join(k.Allowed, " or "), strings.Join(rs, "; ")))
		}
	}
	t.Log("\n" + gokerTable(kernels, found))
	for _, w := range why {
		t.Log(w)
	}

	// The twins stay silent.
	if _, err := os.Stat(gokerTwins); err == nil {
		abs, _ := filepath.Abs(gokerTwins)
		own := make(map[string]bool)
		for _, e := range analyzers.Suite() {
			own[e.Analyzer.Name] = e.Origin == analyzers.Own
		}
		for file, rs := range gokerRun(t, abs, !defaultSuite) {
			for _, r := range rs {
				if !own[r.Analyzer] {
					continue // the twins' stub critical sections are empty (SA2001)
				}
				t.Errorf("report on a fixed twin: %s:%d: %s [%s]", file, r.Line, r.Message, r.Analyzer)
			}
		}
	}

	// The baseline.
	if defaultSuite {
		return
	}
	var now []string
	for _, k := range kernels {
		if a := found[k.Name]; a != "" {
			now = append(now, k.Name+" "+a)
		}
	}
	if corpusUpdateFlag() {
		var b strings.Builder
		b.WriteString("# GoKer kernels conclint finds today, one \"kernel analyzer\" a line.\n")
		b.WriteString("# e2e/goker_test.go fails when one of them is lost. Regenerate with:\n")
		b.WriteString("#   go test ./e2e -run GoKer -update\n")
		for _, k := range now {
			b.WriteString(k + "\n")
		}
		writeFile(t, gokerBaseline, b.String())
		t.Logf("wrote %s (%d kernels)", gokerBaseline, len(now))
		return
	}
	base, err := os.ReadFile(gokerBaseline)
	if err != nil {
		t.Fatalf("reading baseline: %v (create it with -update)", err)
	}
	for _, line := range strings.Split(string(base), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, _, _ := strings.Cut(line, " ")
		if found[name] == "" {
			t.Errorf("lost a kernel of the baseline: %s is no longer found", name)
		}
	}
}

// gokerKernels reads the kernels' names, kinds and expected leaks.
func gokerKernels(t *testing.T, goroot, src string) []gokerKernel {
	t.Helper()
	// README: "## Cockroach/10214" followed by a table row
	// "|[cockroach#10214]|[pull request]|[patch]| Resource | AB-BA leak |".
	readme, err := os.ReadFile(filepath.Join(src, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	kinds := make(map[string][2]string) // "cockroach10214.go" → type, sub-type
	var current string
	for _, line := range strings.Split(string(readme), "\n") {
		if rest, ok := strings.CutPrefix(line, "## "); ok {
			current = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(rest), "/", "")) + ".go"
			continue
		}
		if current != "" && strings.HasPrefix(line, "|[") {
			cells := strings.Split(strings.Trim(line, "|"), "|")
			if len(cells) >= 5 {
				kinds[current] = [2]string{strings.TrimSpace(cells[3]), strings.TrimSpace(cells[4])}
			}
			current = ""
		}
	}
	// The runtime's test: makeTest("Name", `regexp`, ...) and makeFlakyTest.
	test, err := os.ReadFile(filepath.Join(goroot, "src", "runtime", "goroutineleakprofile_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	leaks := make(map[string][]*regexp.Regexp)
	call := regexp.MustCompile("(?s)\n\\s*make(?:Flaky)?Test\\(\"(\\w+)\",((?:\\s*`[^`]*`,?)*)\\s*\\)")
	for _, m := range call.FindAllStringSubmatch(string(test), -1) {
		for _, q := range regexp.MustCompile("`([^`]*)`").FindAllStringSubmatch(m[2], -1) {
			re, err := regexp.Compile(q[1])
			if err != nil {
				t.Fatalf("expected leak %q of %s: %v", q[1], m[1], err)
			}
			leaks[m[1]] = append(leaks[m[1]], re)
		}
	}
	files, _ := filepath.Glob(filepath.Join(src, "*.go"))
	register := regexp.MustCompile(`register\("(\w+)"`)
	var out []gokerKernel
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m := register.FindSubmatch(data)
		if m == nil {
			continue // main.go
		}
		k := gokerKernel{File: filepath.Base(f), Name: string(m[1])}
		kind, ok := kinds[k.File]
		if !ok {
			t.Errorf("%s: no README entry", k.File)
		}
		k.Type, k.Sub = kind[0], kind[1]
		k.Allowed = gokerAnalyzers(k.Type, k.Sub)
		k.Leaks = leaks[k.Name]
		out = append(out, k)
	}
	return out
}

// gokerReport is one diagnostic on a kernel.
type gokerReport struct {
	Line              int
	Analyzer, Message string
	Explored          bool     // from the explorer (category explored-*)
	Blocked           []string // the explorer's blocked operations in its trace, as messages
	RelatedLines      []int    // lines of the report's related sites in the same file
}

// gokerRun runs conclint (go vet mode) in dir and returns the reports by
// file name: with explore, every own analyzer and the explorer; otherwise
// the default suite.
func gokerRun(t *testing.T, dir string, explore bool) map[string][]gokerReport {
	t.Helper()
	args := []string{"vet", "-vettool=" + binary, "-json"}
	for _, e := range analyzers.Suite() {
		if e.Origin != analyzers.Own || !explore {
			continue
		}
		args = append(args, "-"+e.Analyzer.Name)
		if e.Analyzer.Flags.Lookup("explore") != nil {
			args = append(args, "-"+e.Analyzer.Name+".explore")
		}
	}
	args = append(args, "./...")
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go vet -vettool=conclint in %s: %v\n%s", dir, err, stderr.String())
	}
	out := make(map[string][]gokerReport)
	dec := json.NewDecoder(&stdout)
	for dec.More() {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			t.Fatalf("decoding go vet -json output: %v", err)
		}
		for pkg, byAnalyzer := range tree {
			for name, raw := range byAnalyzer {
				if name == "suppression" {
					continue
				}
				var diags []struct {
					Posn     string `json:"posn"`
					Message  string `json:"message"`
					Category string `json:"category"`
					Related  []struct {
						Posn    string `json:"posn"`
						Message string `json:"message"`
					} `json:"related"`
				}
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Errorf("%s: analyzer %s failed: %s", pkg, name, raw)
					continue
				}
				for _, d := range diags {
					file, line, ok := corpusPosn(d.Posn)
					if !ok {
						continue
					}
					rel, err := filepath.Rel(dir, file)
					if err != nil || strings.HasPrefix(rel, "..") {
						continue
					}
					r := gokerReport{
						Line: line, Analyzer: name, Message: d.Message,
						Explored: strings.HasPrefix(d.Category, "explored-"),
					}
					for _, rel := range d.Related {
						// "[trace 5/5 G1 F] blocks forever locking mu"
						if m := gokerTraceBlocked.FindStringSubmatch(rel.Message); m != nil {
							r.Blocked = append(r.Blocked, "goroutine "+m[1]+" blocks forever "+m[2])
						}
						if f, l, ok := corpusPosn(rel.Posn); ok && f == file {
							r.RelatedLines = append(r.RelatedLines, l)
						}
					}
					out[filepath.ToSlash(rel)] = append(out[filepath.ToSlash(rel)], r)
				}
			}
		}
	}
	return out
}

// The explorer's messages: "... goroutine F [holds L and ]blocks forever
// <operation>".
var gokerBlocked = regexp.MustCompile(`goroutine (\S+) (?:holds .*? and )?blocks forever (.*)`)

// gokerReasons maps the explorer's words for an operation to the
// runtime's wait reasons.
var gokerReasons = []struct{ words, reason string }{
	{"sending on", "chan send"},
	{"receiving from", "chan receive"},
	{"in this select", "select"},
	{"read-locking", "sync.RWMutex.RLock"},
	{"locking", "sync.Mutex.Lock"},
	{"locking", "sync.RWMutex.Lock"},
	{"re-locking", "sync.Mutex.Lock"},
	{"in Cond.Wait", "sync.Cond.Wait"},
}

var gokerTraceBlocked = regexp.MustCompile(`^\[trace \d+/\d+ G\d+ ([^\]]*)\] blocks forever (.*)$`)

// gokerMatch reports whether report r is at an operation a leaked
// goroutine of k blocks on: an explorer's report is at the blocked
// operation; a pattern check's report is when it is on a line with a
// blocking operation of an expected kind, or when the explorer found the
// same deadlock and added its schedule, which ends at the blocked
// operation.
func gokerMatch(k gokerKernel, r gokerReport, dir string) bool {
	if r.Explored {
		return gokerMatchMessage(k, r.Message)
	}
	for _, b := range r.Blocked {
		if gokerMatchMessage(k, b) {
			return true
		}
	}
	return gokerMatchLine(k, r, dir)
}

// gokerMatchMessage matches an explorer's message "goroutine F blocks
// forever <operation>" against the expected leaks.
func gokerMatchMessage(k gokerKernel, msg string) bool {
	{
		m := gokerBlocked.FindStringSubmatch(msg)
		if m == nil {
			return false
		}
		name, op := m[1], m[2]
		var reasons []string
		for _, w := range gokerReasons {
			if strings.HasPrefix(op, w.words) {
				reasons = append(reasons, w.reason)
			}
		}
		if strings.HasPrefix(op, "in ") && strings.Contains(strings.SplitN(op, ":", 2)[0], ".Wait") && !strings.HasPrefix(op, "in Cond.Wait") {
			reasons = append(reasons, "sync.WaitGroup.Wait")
		}
		if k.Leaks == nil {
			return len(reasons) > 0
		}
		for _, reason := range reasons {
			s := fmt.Sprintf("%s(0x0) [%s]", name, reason)
			for _, re := range k.Leaks {
				if re.MatchString(s) {
					return true
				}
			}
		}
		return false
	}
}

// gokerMatchLine: a pattern check's report on a line with a blocking
// operation of an expected kind, or naming one as a related site (a
// double lock reported at the call whose callee locks again).
func gokerMatchLine(k gokerKernel, r gokerReport, dir string) bool {
	for _, l := range append([]int{r.Line}, r.RelatedLines...) {
		if gokerMatchSource(k, sourceLine(filepath.Join(dir, k.File), l)) {
			return true
		}
	}
	return false
}

// gokerMatchSource: a source line with a blocking operation of an
// expected kind.
func gokerMatchSource(k gokerKernel, line string) bool {
	for _, re := range k.Leaks {
		for _, w := range []struct{ reason, text string }{
			{"chan send", "<-"}, {"chan receive", "<-"}, {"select", "select"},
			{"Mutex.Lock", ".Lock()"}, {"RWMutex.RLock", ".RLock()"},
			{"WaitGroup.Wait", ".Wait()"}, {"Cond.Wait", ".Wait()"},
		} {
			if strings.Contains(re.String(), strings.ReplaceAll(w.reason, ".", `\.`)) && strings.Contains(line, w.text) {
				return true
			}
		}
	}
	return k.Leaks == nil && line != ""
}

func sourceLine(file string, n int) string {
	f, err := os.Open(file)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for i := 1; sc.Scan(); i++ {
		if i == n {
			return sc.Text()
		}
	}
	return ""
}

// gokerTable renders the recall per bug kind, with goleak's published
// result on the 68 kernels of GoKer for comparison.
func gokerTable(kernels []gokerKernel, found map[string]string) string {
	type row struct{ n, found int }
	byType := make(map[string]*row)
	bySub := make(map[string]*row)
	var types, subs []string
	total, hit := 0, 0
	for _, k := range kernels {
		sub := k.Type + " / " + gokerSubKind(k.Sub)
		if byType[k.Type] == nil {
			byType[k.Type] = &row{}
			types = append(types, k.Type)
		}
		if bySub[sub] == nil {
			bySub[sub] = &row{}
			subs = append(subs, sub)
		}
		byType[k.Type].n++
		bySub[sub].n++
		total++
		if found[k.Name] != "" {
			byType[k.Type].found++
			bySub[sub].found++
			hit++
		}
	}
	slices.Sort(types)
	slices.Sort(subs)
	var b strings.Builder
	fmt.Fprintf(&b, "GoKer blocking kernels in GOROOT: %d\n", total)
	fmt.Fprintf(&b, "| kind | kernels | conclint | recall |\n|---|---:|---:|---:|\n")
	for _, s := range subs {
		r := bySub[s]
		fmt.Fprintf(&b, "| %s | %d | %d | %s |\n", s, r.n, r.found, corpusPct(r.found, r.n))
	}
	for _, s := range types {
		r := byType[s]
		fmt.Fprintf(&b, "| **%s** | %d | %d | %s |\n", s, r.n, r.found, corpusPct(r.found, r.n))
	}
	fmt.Fprintf(&b, "| **all** | %d | %d | %s |\n", total, hit, corpusPct(hit, total))
	fmt.Fprintf(&b, "goleak (GoBench, CGO 2021): 43 of the 68 GoKer blocking kernels (63%%), by running them\n")
	return b.String()
}

// gokerSubKind normalises the README's sub-types ("Double Locking",
// "Double locking") for the table.
func gokerSubKind(s string) string {
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, "ab-ba leak", "ab-ba deadlock")
	return s
}

func goEnv(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// gokerTrace is the deadlock of testdata/gokertrace: two goroutines
// transfer between two accounts in opposite directions.
var gokerTrace = filepath.Join("..", "testdata", "gokertrace")

// TestTraceText: with -trace the text output follows an explored deadlock
// with its schedule as an aligned table, one row per step, ending with the
// steps on which the goroutines block forever; without -trace the steps
// are hidden.
func TestTraceText(t *testing.T) {
	if binary == "" {
		t.Skip("no conclint binary")
	}
	args := []string{"-C", gokerTrace, "-lockorder", "-lockorder.explore"}
	out, stderr, code := conclint(t, ".", append(args, "-trace", ".")...)
	if code != 3 {
		t.Fatalf("exit status %d, want 3; stderr: %s", code, stderr)
	}
	if !strings.Contains(out, "lock-order deadlock: goroutine Exchange.func1 holds from.mu and blocks forever locking to.mu") {
		t.Errorf("no lock-order deadlock report:\n%s", out)
	}
	lines := strings.Split(out, "\n")
	head := slices.IndexFunc(lines, func(l string) bool { return strings.TrimSpace(l) == "trace:" })
	if head < 0 || head+1 >= len(lines) {
		t.Fatalf("no trace table:\n%s", out)
	}
	header := lines[head+1]
	if f := strings.Fields(header); !slices.Equal(f, []string{"#", "goroutine", "site", "step"}) {
		t.Fatalf("table header %q", header)
	}
	// Columns are aligned: every row has its site where the header has
	// "site" and its step where the header has "step".
	siteCol, stepCol := strings.Index(header, "site"), strings.Index(header, "step")
	var steps []string
	for _, l := range lines[head+2:] {
		if !strings.HasPrefix(l, "\t  ") {
			break
		}
		if len(l) <= stepCol || l[siteCol-1] != ' ' || l[stepCol-1] != ' ' || !strings.HasPrefix(l[siteCol:], "trace.go:") {
			t.Errorf("row not aligned with the header:\n%s\n%s", header, l)
			continue
		}
		steps = append(steps, strings.Fields(l[:siteCol])[0]+" "+strings.Fields(l[:siteCol])[1]+" "+strings.TrimSpace(l[stepCol:]))
	}
	want := []string{
		"2 G1 locks from.mu",
		"3 G2 locks from.mu",
		"4 G1 blocks forever locking to.mu",
		"5 G2 blocks forever locking to.mu",
	}
	if len(steps) < len(want) || !slices.Equal(steps[len(steps)-len(want):], want) {
		t.Errorf("trace steps:\n%s\nwant them to end with:\n%s", strings.Join(steps, "\n"), strings.Join(want, "\n"))
	}

	plain, _, _ := conclint(t, ".", append(args, ".")...)
	if strings.Contains(plain, "trace:") || strings.Contains(plain, "[trace ") {
		t.Errorf("trace shown without -trace:\n%s", plain)
	}
	if !strings.Contains(plain, "goroutine Exchange.func1 started here") {
		t.Errorf("related sites lost without -trace:\n%s", plain)
	}
}

// TestTraceSARIF: SARIF carries an explored deadlock's schedule as a code
// flow with one thread flow per goroutine; the steps' executionOrder
// numbers the whole schedule, and the related locations keep only the
// sites that are not steps.
func TestTraceSARIF(t *testing.T) {
	if binary == "" {
		t.Skip("no conclint binary")
	}
	out, stderr, code := conclint(t, ".", "-C", gokerTrace, "-lockorder", "-lockorder.explore", "-format=sarif", ".")
	if code != 3 {
		t.Fatalf("exit status %d, want 3; stderr: %s", code, stderr)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID           string `json:"ruleId"`
				RelatedLocations []struct {
					Message struct{ Text string } `json:"message"`
				} `json:"relatedLocations"`
				CodeFlows []struct {
					ThreadFlows []struct {
						ID        string `json:"id"`
						Locations []struct {
							Location struct {
								PhysicalLocation struct {
									ArtifactLocation struct {
										URI string `json:"uri"`
									} `json:"artifactLocation"`
									Region struct {
										StartLine int `json:"startLine"`
									} `json:"region"`
								} `json:"physicalLocation"`
								Message struct{ Text string } `json:"message"`
							} `json:"location"`
							ExecutionOrder int `json:"executionOrder"`
						} `json:"locations"`
					} `json:"threadFlows"`
				} `json:"codeFlows"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Results) != 1 {
		t.Fatalf("want one run with one result:\n%s", out)
	}
	res := log.Runs[0].Results[0]
	if res.RuleID != "lockorder" {
		t.Errorf("rule %q, want lockorder", res.RuleID)
	}
	for _, r := range res.RelatedLocations {
		if strings.HasPrefix(r.Message.Text, "[trace ") {
			t.Errorf("a trace step among the related locations: %q", r.Message.Text)
		}
	}
	if len(res.CodeFlows) != 1 {
		t.Fatalf("%d code flows, want 1", len(res.CodeFlows))
	}
	byG := make(map[string][]string)
	var orders []int
	for _, tf := range res.CodeFlows[0].ThreadFlows {
		for _, l := range tf.Locations {
			pl := l.Location.PhysicalLocation
			if pl.ArtifactLocation.URI != "trace.go" || pl.Region.StartLine == 0 {
				t.Errorf("%s: step at %q line %d", tf.ID, pl.ArtifactLocation.URI, pl.Region.StartLine)
			}
			byG[tf.ID] = append(byG[tf.ID], l.Location.Message.Text)
			orders = append(orders, l.ExecutionOrder)
		}
	}
	slices.Sort(orders)
	for i, o := range orders {
		if o != i+1 {
			t.Errorf("executionOrder %v: want 1..%d, each once", orders, len(orders))
			break
		}
	}
	for _, g := range []string{"G1", "G2"} {
		want := []string{g + " locks from.mu", g + " blocks forever locking to.mu"}
		if !slices.Equal(byG[g], want) {
			t.Errorf("thread flow %s: %q, want %q", g, byG[g], want)
		}
	}
}

// TestExploreDebug: -debug prints the explorer's work on stderr, every
// package explored counted (a fresh debug file keeps go vet from reusing
// cached results).
func TestExploreDebug(t *testing.T) {
	if binary == "" {
		t.Skip("no conclint binary")
	}
	for range 2 { // the second run would be a cache hit without -debug
		_, stderr, code := conclint(t, ".", "-C", gokerTrace, "-lockorder", "-lockorder.explore", "-debug", ".")
		if code != 3 {
			t.Fatalf("exit status %d, want 3; stderr: %s", code, stderr)
		}
		if !regexp.MustCompile(`(?m)^conclint: explorer: 1 packages, [1-9]\d* entries, [1-9]\d* states; 0 entries over budget in 0 packages; 0 entries skipped`).MatchString(stderr) {
			t.Errorf("-debug output:\n%s", stderr)
		}
	}
	_, stderr, _ := conclint(t, ".", "-C", gokerTrace, "-lockorder", "-debug", ".")
	if !strings.Contains(stderr, "no package explored") {
		t.Errorf("-debug without -NAME.explore:\n%s", stderr)
	}
}
