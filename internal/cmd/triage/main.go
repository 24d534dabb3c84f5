// Command triage runs conclint's own analyzers over std and
// golang.org/x/tools/... and keeps the report list, with a verdict per
// report, in a checked-in TSV file (docs/triage.tsv by default):
//
//	analyzer <TAB> file:line <TAB> verdict <TAB> reason <TAB> message
//
// file is relative to GOROOT for std (src/net/http/server.go) and
// module-path-qualified for modules (golang.org/x/tools/go/ssa/func.go),
// so the list is stable across machines and diffable. Rows are sorted.
// The verdict is true, false, unclear, or ? (not triaged yet); edit the
// verdict and reason columns by hand (or in your analyzer's
// docs/evaluation/<name>.md and copy them here).
//
// On every run the tool merges: verdicts of reports that are still there
// are kept (matched by analyzer and file:line), new reports come in with
// verdict ?, vanished reports are dropped; both are printed, so after an
// analyzer change you see exactly what moved. Then it prints, per
// analyzer, the counts and the precision true/(true+false).
//
//	go run ./internal/cmd/triage                 # run, merge, rewrite docs/triage.tsv
//	go run ./internal/cmd/triage -check          # run and diff only; exit 1 if anything moved
//	go run ./internal/cmd/triage -only doublelock,chanclose
//	go run ./internal/cmd/triage -stats          # no run: statistics of the checked-in file
package main

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/conclint/conclint/analyzers"
)

var (
	file     = flag.String("f", "docs/triage.tsv", "the verdict `file`")
	binFlag  = flag.String("bin", "", "use this prebuilt conclint `binary` instead of building ./cmd/conclint")
	setsFlag = flag.String("sets", "std,xtools", "package sets: std, xtools")
	only     = flag.String("only", "", "comma-separated own analyzers to run (default: all own analyzers); rows of other analyzers are kept as they are")
	check    = flag.Bool("check", false, "do not rewrite the file; exit 1 if reports appeared or vanished")
	stats    = flag.Bool("stats", false, "do not run conclint; print the statistics of the file")
)

// row is one report and its verdict.
type row struct {
	Analyzer, Pos, Verdict, Reason, Message string
}

func (r row) key() string { return r.Analyzer + " " + r.Pos }

func main() {
	log.SetFlags(0)
	log.SetPrefix("triage: ")
	flag.Parse()
	old, err := readTSV(*file)
	if err != nil && !os.IsNotExist(err) {
		log.Fatal(err)
	}
	if *stats {
		printStats(old)
		return
	}

	var names []string
	for _, e := range analyzers.Suite() {
		if e.Origin == analyzers.Own {
			names = append(names, e.Analyzer.Name)
		}
	}
	if *only != "" {
		names = strings.Split(*only, ",")
	}
	if len(names) == 0 {
		log.Fatal("no own analyzers in the suite yet")
	}
	ran := map[string]bool{}
	for _, n := range names {
		ran[n] = true
	}

	work, err := os.MkdirTemp("", "conclint-triage-")
	if err != nil {
		log.Fatal(err)
	}
	bin := build(work)
	goflags := modfile(work)
	goroot := strings.TrimSpace(output("go", "env", "GOROOT"))

	var now []row
	for _, set := range strings.Split(*setsFlag, ",") {
		var pattern string
		switch set {
		case "std":
			pattern = "std"
		case "xtools":
			pattern = "golang.org/x/tools/..."
		default:
			log.Fatalf("unknown set %q", set)
		}
		roots := moduleRoots(pattern, goflags)
		roots[filepath.Join(goroot, "src")] = "src"
		fmt.Fprintf(os.Stderr, "triage: running %s over %s\n", strings.Join(names, ","), pattern)
		now = append(now, vet(bin, goflags, names, pattern, roots)...)
	}
	now = dedup(now)
	_ = os.RemoveAll(work)

	// Merge.
	verdicts := map[string]row{}
	for _, r := range old {
		verdicts[r.key()] = r
	}
	current := map[string]bool{}
	var merged, added, vanished []row
	for _, r := range now {
		current[r.key()] = true
		if v, ok := verdicts[r.key()]; ok {
			r.Verdict, r.Reason = v.Verdict, v.Reason
		} else {
			r.Verdict = "?"
			added = append(added, r)
		}
		merged = append(merged, r)
	}
	for _, r := range old {
		if current[r.key()] {
			continue
		}
		if !ran[r.Analyzer] {
			merged = append(merged, r) // not run this time: keep as is
			continue
		}
		vanished = append(vanished, r)
	}
	sortRows(merged)
	for _, r := range added {
		fmt.Printf("NEW      %s %s %s\n", r.Analyzer, r.Pos, r.Message)
	}
	for _, r := range vanished {
		fmt.Printf("VANISHED %s %s %s (was %s: %s)\n", r.Analyzer, r.Pos, r.Message, r.Verdict, r.Reason)
	}
	fmt.Printf("%d reports: %d new, %d vanished\n\n", len(now), len(added), len(vanished))
	printStats(merged)
	if *check {
		if len(added)+len(vanished) > 0 {
			os.Exit(1)
		}
		return
	}
	if err := writeTSV(*file, merged); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "triage: wrote %s\n", *file)
}

func build(work string) string {
	bin := filepath.Join(work, "conclint")
	var data []byte
	var err error
	if *binFlag != "" {
		data, err = os.ReadFile(*binFlag)
	} else {
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/conclint")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			log.Fatalf("building conclint: %v", err)
		}
		data, err = os.ReadFile(bin)
	}
	if err != nil {
		log.Fatal(err)
	}
	// Fresh bytes: the go command's vet cache must not answer for a
	// binary it has seen with different analyzer selections.
	data = append(data, []byte("conclint-triage-salt-"+randHex(16))...)
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		log.Fatal(err)
	}
	return bin
}

// modfile copies go.mod so module patterns may resolve test dependencies
// without touching the repository's go.mod.
func modfile(work string) string {
	dir := filepath.Join(work, "mod")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(f)
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	return strings.TrimSpace(os.Getenv("GOFLAGS") + " -modfile=" + filepath.Join(dir, "go.mod") + " -mod=mod")
}

// moduleRoots maps each module directory of pattern's packages to its
// module path.
func moduleRoots(pattern, goflags string) map[string]string {
	cmd := exec.Command("go", "list", "-f", "{{with .Module}}{{.Dir}}\t{{.Path}}{{end}}", pattern)
	cmd.Env = append(os.Environ(), "GOFLAGS="+goflags)
	out, err := cmd.Output()
	if err != nil {
		log.Fatalf("go list %s: %v", pattern, err)
	}
	roots := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if dir, path, ok := strings.Cut(line, "\t"); ok {
			roots[dir] = path
		}
	}
	return roots
}

func vet(bin, goflags string, names []string, pattern string, roots map[string]string) []row {
	args := []string{"vet", "-vettool=" + bin, "-json"}
	for _, n := range names {
		args = append(args, "-"+n)
	}
	args = append(args, pattern)
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), "GOFLAGS="+goflags)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		log.Fatalf("go vet -vettool=conclint %s: %v\n%s", pattern, err, stderr.String())
	}
	var out []row
	dec := json.NewDecoder(&stdout)
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			break
		}
		for pkg, byAnalyzer := range tree {
			for name, raw := range byAnalyzer {
				var diags []struct {
					Posn    string `json:"posn"`
					Message string `json:"message"`
				}
				if err := json.Unmarshal(raw, &diags); err != nil {
					log.Printf("%s: analyzer %s failed: %s", pkg, name, raw)
					continue
				}
				for _, d := range diags {
					out = append(out, row{Analyzer: name, Pos: relPos(d.Posn, roots), Message: oneLine(d.Message)})
				}
			}
		}
	}
	return out
}

// relPos turns "/abs/file.go:12:3" into "<root-relative file>:12".
func relPos(posn string, roots map[string]string) string {
	parts := strings.Split(posn, ":")
	if len(parts) < 3 {
		return posn
	}
	file := strings.Join(parts[:len(parts)-2], ":")
	line := parts[len(parts)-2]
	best := ""
	for dir := range roots {
		if strings.HasPrefix(file, dir+string(filepath.Separator)) && len(dir) > len(best) {
			best = dir
		}
	}
	if best != "" {
		rel, _ := filepath.Rel(best, file)
		file = roots[best] + "/" + filepath.ToSlash(rel)
	}
	return file + ":" + line
}

func dedup(rows []row) []row {
	sortRows(rows)
	return slices.CompactFunc(rows, func(a, b row) bool { return a.key() == b.key() && a.Message == b.Message })
}

func sortRows(rows []row) {
	slices.SortFunc(rows, func(a, b row) int {
		if c := strings.Compare(a.Analyzer, b.Analyzer); c != 0 {
			return c
		}
		af, al := splitPos(a.Pos)
		bf, bl := splitPos(b.Pos)
		if c := strings.Compare(af, bf); c != 0 {
			return c
		}
		if al != bl {
			return al - bl
		}
		return strings.Compare(a.Message, b.Message)
	})
}

func splitPos(p string) (string, int) {
	i := strings.LastIndex(p, ":")
	if i < 0 {
		return p, 0
	}
	n, _ := strconv.Atoi(p[i+1:])
	return p[:i], n
}

const header = "# conclint triage: one row per report of an own analyzer on std and golang.org/x/tools/...\n" +
	"# columns: analyzer, file:line, verdict (true|false|unclear|?), reason, message. Maintained by\n" +
	"# go run ./internal/cmd/triage (see docs/evaluation.md); edit only the verdict and reason columns.\n"

func readTSV(path string) ([]row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []row
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		for len(c) < 5 {
			c = append(c, "")
		}
		rows = append(rows, row{c[0], c[1], c[2], c[3], strings.Join(c[4:], " ")})
	}
	return rows, sc.Err()
}

func writeTSV(path string, rows []row) error {
	var b strings.Builder
	b.WriteString(header)
	for _, r := range rows {
		v := r.Verdict
		if v == "" {
			v = "?"
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\n", r.Analyzer, r.Pos, v, oneLine(r.Reason), r.Message)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func printStats(rows []row) {
	type count struct{ total, t, f, u, q, std, xtools int }
	by := map[string]*count{}
	var names []string
	for _, r := range rows {
		c := by[r.Analyzer]
		if c == nil {
			c = &count{}
			by[r.Analyzer] = c
			names = append(names, r.Analyzer)
		}
		c.total++
		if strings.HasPrefix(r.Pos, "src/") {
			c.std++
		} else {
			c.xtools++
		}
		switch r.Verdict {
		case "true":
			c.t++
		case "false":
			c.f++
		case "unclear":
			c.u++
		default:
			c.q++
		}
	}
	slices.Sort(names)
	fmt.Printf("%-16s %6s %6s %7s %5s %5s %7s %5s %9s\n", "analyzer", "std", "xtools", "reports", "true", "false", "unclear", "?", "precision")
	for _, n := range names {
		c := by[n]
		prec := "-"
		if c.t+c.f > 0 {
			prec = fmt.Sprintf("%.0f%%", 100*float64(c.t)/float64(c.t+c.f))
		}
		fmt.Printf("%-16s %6d %6d %7d %5d %5d %7d %5d %9s\n", n, c.std, c.xtools, c.total, c.t, c.f, c.u, c.q, prec)
	}
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\t", " ")), " ")
}

func output(args ...string) string {
	out, err := exec.Command(args[0], args[1:]...).Output()
	if err != nil {
		log.Fatalf("%s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
