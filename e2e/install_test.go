package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestInstallFromClone runs the README's install command from this
// checkout, "go install ./cmd/conclint", and checks that -version names
// the commit it was built from. The go command stamps the commit only in a
// git checkout whose .git is a directory (not a git worktree) and with git
// on PATH; -buildvcs=auto, the go command's default, is passed explicitly
// because a machine's GOFLAGS may turn stamping off.
func TestInstallFromClone(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	gobin := t.TempDir()
	install := exec.Command("go", "install", "-buildvcs=auto", "./cmd/conclint")
	install.Dir = root
	install.Env = append(os.Environ(), "GOBIN="+gobin)
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install ./cmd/conclint: %v\n%s", err, out)
	}
	out, err := exec.Command(filepath.Join(gobin, "conclint"), "-version").Output()
	if err != nil || !strings.HasPrefix(string(out), "conclint ") {
		t.Fatalf("-version: %v: %q", err, out)
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skipf("git is not on PATH: the go command cannot stamp the commit (-version: %s)", strings.TrimSpace(string(out)))
	}
	if fi, err := os.Stat(filepath.Join(root, ".git")); err != nil || !fi.IsDir() {
		t.Skipf("not a plain git clone (a git worktree or no .git): the go command stamps no commit here (-version: %s)", strings.TrimSpace(string(out)))
	}
	head, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatalf("git rev-parse HEAD: %v", err)
	}
	if rev := strings.TrimSpace(string(head)); !strings.Contains(string(out), "commit "+rev) {
		t.Errorf("-version %q does not name the commit %s", out, rev)
	}
}
