package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// copyDir copies the tree at src into a new temporary directory.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// editTree applies edit to every .go file below dir.
func editTree(t *testing.T, dir string, edit func(rel, src string) string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		return os.WriteFile(path, []byte(edit(filepath.ToSlash(rel), string(data))), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// sarifResult is what the fingerprint tests read from a SARIF result.
type sarifResult struct {
	RuleID    string `json:"ruleId"`
	Locations []struct {
		PhysicalLocation struct {
			Region struct {
				StartLine int `json:"startLine"`
			} `json:"region"`
		} `json:"physicalLocation"`
	} `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

func sarifResults(t *testing.T, dir string, args ...string) []sarifResult {
	t.Helper()
	out, stderr, code := conclint(t, dir, append([]string{"-format=sarif"}, args...)...)
	if code != 3 {
		t.Fatalf("exit status %d, want 3: %s", code, stderr)
	}
	var log struct {
		Runs []struct {
			Results []sarifResult `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("bad SARIF (%v):\n%s", err, out)
	}
	return log.Runs[0].Results
}

func fingerprintList(rs []sarifResult) []string {
	var fps []string
	for _, r := range rs {
		for k, v := range r.PartialFingerprints {
			fps = append(fps, r.RuleID+" "+k+"="+v)
		}
	}
	sort.Strings(fps)
	return fps
}

// TestFingerprintsSurviveEdits: every SARIF fingerprint of the demo stays
// the same when lines are inserted above the reports (every line moves)
// and an unrelated function in a reported file is renamed.
func TestFingerprintsSurviveEdits(t *testing.T) {
	dir := copyDir(t, demoDir)
	before := sarifResults(t, dir, "./...")
	editTree(t, dir, func(rel, src string) string {
		src = strings.Replace(src, "\n", "\n\n// Lines inserted above every report,\n// which moves all of them.\n", 1)
		if rel == "cache/doublelock.go" {
			src = strings.ReplaceAll(src, "RefreshSafe", "RefreshChecked")
		}
		return src
	})
	after := sarifResults(t, dir, "./...")
	if len(before) == 0 || len(before) != len(after) {
		t.Fatalf("%d results before the edit, %d after", len(before), len(after))
	}
	for i := range before {
		if b, a := before[i].Locations[0].PhysicalLocation.Region.StartLine, after[i].Locations[0].PhysicalLocation.Region.StartLine; a != b+3 {
			t.Errorf("result %d (%s) moved from line %d to %d, want %d: the edit did not apply", i, before[i].RuleID, b, a, b+3)
		}
	}
	b, a := fingerprintList(before), fingerprintList(after)
	for i := range b {
		if b[i] != a[i] {
			t.Errorf("fingerprints changed by the edit:\nbefore %v\nafter  %v", b, a)
			break
		}
	}
}
