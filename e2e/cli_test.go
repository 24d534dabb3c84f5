package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// module writes a throwaway module with the given files and returns its
// directory.
func module(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/m\n\ngo 1.26\n"
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const emptyCritical = `package m

import "sync"

func F(mu *sync.Mutex) {
	mu.Lock()
	mu.Unlock()
}
`

func conclint(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	return out.String(), errOut.String(), exitCode(err)
}

func TestExitStatus(t *testing.T) {
	clean := module(t, map[string]string{"m.go": "package m\n\nfunc F() {}\n"})
	found := module(t, map[string]string{"m.go": emptyCritical})
	broken := module(t, map[string]string{"m.go": "package m\n\nfunc F() { x := 1 }\n"})
	for _, tc := range []struct {
		name string
		dir  string
		args []string
		want int
	}{
		{"clean", clean, []string{"./..."}, 0},
		{"findings", found, []string{"./..."}, 3},
		{"type error", broken, []string{"./..."}, 1},
		{"unknown flag", clean, []string{"-nosuchflag", "./..."}, 1},
		{"deselected", found, []string{"-SA2001=false", "./..."}, 0},
		{"selected other", found, []string{"-copylocks", "./..."}, 0},
		{"selected", found, []string{"-SA2001", "./..."}, 3},
	} {
		_, stderr, code := conclint(t, tc.dir, tc.args...)
		if code != tc.want {
			t.Errorf("%s: exit status %d, want %d; stderr: %s", tc.name, code, tc.want, stderr)
		}
	}
}

func TestVersionAndHelp(t *testing.T) {
	out, _, code := conclint(t, ".", "-version")
	if code != 0 || !strings.HasPrefix(out, "conclint ") {
		t.Errorf("-version: %q, status %d", out, code)
	}
	out, _, code = conclint(t, ".", "help")
	if code != 0 || !strings.Contains(out, "copylocks") || !strings.Contains(out, "SA2001") {
		t.Errorf("help: status %d, output %q", code, out)
	}
	out, _, code = conclint(t, ".", "help", "SA2001")
	if code != 0 || !strings.Contains(out, "Docs: https://staticcheck.dev") {
		t.Errorf("help SA2001: status %d, output %q", code, out)
	}
	if _, _, code = conclint(t, ".", "help", "nosuch"); code != 1 {
		t.Errorf("help nosuch: status %d, want 1", code)
	}
}

// TestSuppression runs the directive through the real binary in both modes.
func TestSuppression(t *testing.T) {
	src := strings.Replace(emptyCritical, "\tmu.Unlock()\n", "\t//conclint:ignore SA2001 kept to show the directive\n\tmu.Unlock()\n", 1)
	dir := module(t, map[string]string{"m.go": src, "n.go": "package m\n\n//conclint:ignore SA2001\nvar X = 1\n"})
	out, _, code := conclint(t, dir, "./...")
	if code != 3 || strings.Contains(out, "empty critical section") || !strings.Contains(out, "malformed conclint:ignore directive: missing reason") {
		t.Errorf("standalone: status %d, output:\n%s", code, out)
	}
	cmd := exec.Command("go", "vet", "-vettool="+binary, "./...")
	cmd.Dir = dir
	vetOut, _ := cmd.CombinedOutput()
	if strings.Contains(string(vetOut), "empty critical section") || !strings.Contains(string(vetOut), "missing reason") {
		t.Errorf("go vet -vettool output:\n%s", vetOut)
	}
}

// TestSARIF checks the SARIF output against the shape SARIF 2.1.0
// requires (the properties the schema marks required, and the ones code
// scanning services read).
func TestSARIF(t *testing.T) {
	out, stderr, code := conclint(t, ".", "-C", demoDir, "-format=sarif", "./...")
	if code != 3 {
		t.Fatalf("exit status %d, want 3; stderr: %s", code, stderr)
	}
	var log map[string]any
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if log["version"] != "2.1.0" || log["$schema"] == nil {
		t.Errorf("version/$schema: %v %v", log["version"], log["$schema"])
	}
	runs := list(t, log, "runs")
	if len(runs) != 1 {
		t.Fatalf("%d runs, want 1", len(runs))
	}
	run := obj(t, runs[0])
	driver := obj(t, obj(t, run["tool"])["driver"])
	if driver["name"] != "conclint" {
		t.Errorf("driver name %v", driver["name"])
	}
	rules := list(t, driver, "rules")
	ruleIDs := make(map[string]int)
	for i, r := range rules {
		rule := obj(t, r)
		id, _ := rule["id"].(string)
		ruleIDs[id] = i
		for _, k := range []string{"shortDescription", "fullDescription", "help"} {
			if s, _ := obj(t, rule[k])["text"].(string); s == "" {
				t.Errorf("rule %s: no %s.text", id, k)
			}
		}
		if u, _ := rule["helpUri"].(string); !strings.HasPrefix(u, "https://") {
			t.Errorf("rule %s: helpUri %q", id, u)
		}
	}
	results := list(t, run, "results")
	if len(results) != len(markers(t, demoDir)) {
		t.Errorf("%d results, want %d", len(results), len(markers(t, demoDir)))
	}
	for _, r := range results {
		res := obj(t, r)
		id, _ := res["ruleId"].(string)
		idx, ok := ruleIDs[id]
		if !ok {
			t.Errorf("result with unknown ruleId %q", id)
		}
		if ri, _ := res["ruleIndex"].(float64); int(ri) != idx {
			t.Errorf("result %s: ruleIndex %v, want %d", id, res["ruleIndex"], idx)
		}
		if s, _ := obj(t, res["message"])["text"].(string); s == "" {
			t.Errorf("result %s: no message.text", id)
		}
		if fp := obj(t, res["partialFingerprints"]); len(fp) == 0 {
			t.Errorf("result %s: no partialFingerprints", id)
		}
		locs := list(t, res, "locations")
		if len(locs) != 1 {
			t.Fatalf("result %s: %d locations", id, len(locs))
		}
		checkLocation(t, obj(t, locs[0]))
		if rel, ok := res["relatedLocations"]; ok {
			for _, l := range rel.([]any) {
				loc := obj(t, l)
				checkLocation(t, loc)
				if _, ok := loc["id"].(float64); !ok {
					t.Errorf("related location without id")
				}
			}
		}
	}
}

func checkLocation(t *testing.T, loc map[string]any) {
	t.Helper()
	phys := obj(t, loc["physicalLocation"])
	art := obj(t, phys["artifactLocation"])
	if u, _ := art["uri"].(string); u == "" || strings.HasPrefix(u, "/") {
		t.Errorf("artifactLocation.uri %q: want a URI", u)
	}
	region := obj(t, phys["region"])
	if l, _ := region["startLine"].(float64); l < 1 {
		t.Errorf("region.startLine %v", region["startLine"])
	}
}

func obj(t *testing.T, v any) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("want a JSON object, got %T", v)
	}
	return m
}

func list(t *testing.T, m map[string]any, key string) []any {
	t.Helper()
	l, ok := m[key].([]any)
	if !ok {
		t.Fatalf("%s: want a JSON array, got %T", key, m[key])
	}
	return l
}

// TestAnalyzerFlag checks an analyzer flag end to end in both modes:
// unboundedgo is silent on a listener accept loop by default and reports it
// with -unboundedgo.accept.
func TestAnalyzerFlag(t *testing.T) {
	dir := module(t, map[string]string{"srv.go": `package m

import "net"

func Serve(l net.Listener, handle func(net.Conn)) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go handle(c)
	}
}
`})
	if out, _, code := conclint(t, dir, "-unboundedgo", "./..."); code != 0 {
		t.Errorf("default: status %d, want 0 (accept loops are silent by default):\n%s", code, out)
	}
	out, _, code := conclint(t, dir, "-unboundedgo", "-unboundedgo.accept", "./...")
	if code != 3 || !strings.Contains(out, "[unboundedgo]") {
		t.Errorf("-unboundedgo.accept: status %d, output:\n%s", code, out)
	}
	cmd := exec.Command("go", "vet", "-vettool="+binary, "-unboundedgo.accept", "./...")
	cmd.Dir = dir
	vetOut, _ := cmd.CombinedOutput()
	if !strings.Contains(string(vetOut), "srv.go:11") {
		t.Errorf("go vet -vettool -unboundedgo.accept did not report the accept loop:\n%s", vetOut)
	}
}
