package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var demoDir = filepath.Join("..", "testdata", "demo")

// A finding is one report reduced to what the demo markers state.
type finding struct {
	File     string // slash path relative to the module root
	Line     int
	Analyzer string
}

func (f finding) String() string { return fmt.Sprintf("%s:%d [%s]", f.File, f.Line, f.Analyzer) }

var wrongMarker = regexp.MustCompile(`// WRONG\(([a-zA-Z0-9_,]+)\)`)

// markers returns the findings the demo's "// WRONG(analyzer)" comments
// promise, sorted.
func markers(t *testing.T, root string) []finding {
	var out []finding
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		rel, _ := filepath.Rel(root, path)
		sc := bufio.NewScanner(f)
		for line := 1; sc.Scan(); line++ {
			if m := wrongMarker.FindStringSubmatch(sc.Text()); m != nil {
				for _, a := range strings.Split(m[1], ",") {
					out = append(out, finding{filepath.ToSlash(rel), line, a})
				}
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	sortFindings(out)
	return out
}

func sortFindings(fs []finding) {
	sort.Slice(fs, func(i, j int) bool { return fs[i].String() < fs[j].String() })
}

// jsonFindings reduces go vet's JSON trees (one or several concatenated)
// to findings with paths relative to root.
func jsonFindings(t *testing.T, out []byte, root string) []finding {
	t.Helper()
	absRoot, _ := filepath.Abs(root)
	var fs []finding
	seen := make(map[finding]bool)
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("decoding JSON output: %v\n%s", err, out)
		}
		for pkg, byAnalyzer := range tree {
			for name, raw := range byAnalyzer {
				var diags []struct {
					Posn string `json:"posn"`
				}
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Errorf("%s: %s: %s", pkg, name, raw)
					continue
				}
				for _, d := range diags {
					f := posnFinding(t, d.Posn, absRoot, name)
					if !seen[f] {
						seen[f] = true
						fs = append(fs, f)
					}
				}
			}
		}
	}
	sortFindings(fs)
	return fs
}

func posnFinding(t *testing.T, posn, root, analyzer string) finding {
	t.Helper()
	parts := strings.Split(posn, ":")
	if len(parts) < 3 {
		t.Fatalf("bad position %q", posn)
	}
	line, err := strconv.Atoi(parts[len(parts)-2])
	if err != nil {
		t.Fatalf("bad position %q", posn)
	}
	file := strings.Join(parts[:len(parts)-2], ":")
	if rel, err := filepath.Rel(root, file); err == nil {
		file = rel
	}
	return finding{filepath.ToSlash(file), line, analyzer}
}

// exitCode returns the exit status of a finished command, or -1.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}

func TestDemoStandalone(t *testing.T) {
	want := markers(t, demoDir)
	if len(want) == 0 {
		t.Fatal("the demo has no // WRONG(analyzer) markers")
	}
	cmd := exec.Command(binary, "-C", demoDir, "-json", "./...")
	out, err := cmd.Output()
	if code := exitCode(err); code != 3 {
		t.Fatalf("exit status %d, want 3 (findings); stderr: %s", code, stderrOf(err))
	}
	got := jsonFindings(t, out, demoDir)
	compareFindings(t, got, want)
}

func TestDemoVet(t *testing.T) {
	want := markers(t, demoDir)
	cmd := exec.Command("go", "vet", "-vettool="+binary, "-json", "./...")
	cmd.Dir = demoDir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go vet -vettool: %v\n%s", err, stderrOf(err))
	}
	got := jsonFindings(t, out, demoDir)
	compareFindings(t, got, want)
}

// TestDemoText checks the text format on the demo: one line per report,
// "file:line:col: message [analyzer]", related sites indented.
func TestDemoText(t *testing.T) {
	out, _ := exec.Command(binary, "-C", demoDir, "./...").Output()
	line := regexp.MustCompile(`^(\t)?[a-z_/]+\.go:\d+:\d+: \S.*$`)
	n := 0
	for _, l := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		if l == "" {
			continue
		}
		if !line.MatchString(l) {
			t.Errorf("malformed line %q", l)
		}
		if !strings.HasPrefix(l, "\t") {
			n++
			if !regexp.MustCompile(` \[[A-Za-z0-9]+\]$`).MatchString(l) {
				t.Errorf("report without [analyzer]: %q", l)
			}
		}
	}
	if want := len(markers(t, demoDir)); n != want {
		t.Errorf("%d reports in text output, want %d", n, want)
	}
}

func compareFindings(t *testing.T, got, want []finding) {
	t.Helper()
	g, w := fmt.Sprint(got), fmt.Sprint(want)
	if g != w {
		t.Errorf("findings differ from the demo's WRONG markers\n got: %v\nwant: %v", got, want)
	}
}

func stderrOf(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(ee.Stderr)
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// TestReadmeExample keeps the README's example output true: it must be
// exactly what the README's demo command prints.
func TestReadmeExample(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "## What a report looks like")
	if !ok {
		t.Fatal("README has no \"What a report looks like\" section")
	}
	_, block, ok := strings.Cut(after, "```text\n")
	if ok {
		block, _, ok = strings.Cut(block, "```")
	}
	if !ok {
		t.Fatal("README example has no ```text block")
	}
	out, _ := exec.Command(binary, "-C", demoDir, "./...").Output()
	if string(out) != block {
		t.Errorf("README example output is stale; it should be:\n%s", out)
	}
}
