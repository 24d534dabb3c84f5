package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"

	"github.com/conclint/conclint/analyzers"
)

// nvimDiagnostic is one diagnostic as the Neovim script records it.
type nvimDiagnostic struct {
	File    string `json:"file"`
	Lnum    int    `json:"lnum"` // 0-based
	Code    string `json:"code"`
	Source  string `json:"source"`
	Message string `json:"message"`
	Href    string `json:"href"`
	Related []struct {
		Location struct {
			URI   string `json:"uri"`
			Range struct {
				Start struct{ Line int } `json:"start"`
			} `json:"range"`
		} `json:"location"`
		Message string `json:"message"`
	} `json:"related"`
}

// TestLSPNeovim runs "conclint lsp" under a real editor: headless Neovim
// and its built-in LSP client (testdata/lsp/neovim.lua) open a file of a
// copy of the demo, read vim.diagnostic.get(), then add a
// //conclint:ignore line above the doublelock report and save, and read
// them again. CI installs Neovim from Debian's packages (.ci/run); where it
// is not installed the test is skipped.
func TestLSPNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("Neovim (nvim) is not installed, so conclint lsp is not tested with a real editor here; .ci/run installs it with apt-get install neovim")
	}
	ver, err := exec.Command(nvim, "--version").Output()
	if m := regexp.MustCompile(`NVIM v0\.(\d+)`).FindSubmatch(ver); err != nil || m != nil && atoi(string(m[1])) < 7 {
		t.Skipf("Neovim 0.7 or later is needed for its LSP client: %s", strings.SplitN(string(ver), "\n", 2)[0])
	}
	dir := copyDir(t, demoDir)
	file := filepath.Join(dir, "cache", "doublelock.go")
	const reportLine = 13 // the doublelock report, in the demo
	script, err := filepath.Abs(filepath.Join("testdata", "lsp", "neovim.lua"))
	if err != nil {
		t.Fatal(err)
	}
	outFile := filepath.Join(t.TempDir(), "diagnostics.json")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-n", "-i", "NONE", "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"CONCLINT_BIN="+binary, "CONCLINT_FILE="+file, "CONCLINT_OUT="+outFile,
		"CONCLINT_LINE="+strconv.Itoa(reportLine),
		"CONCLINT_WANT=doublelock,lockorder,missingunlock")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, out)
	}
	data, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatalf("the Neovim script wrote no result: %v", err)
	}
	var res struct {
		Error     string           `json:"error"`
		Initial   []nvimDiagnostic `json:"initial"`
		AfterSave []nvimDiagnostic `json:"after_save"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("bad result %s: %v", data, err)
	}
	if res.Error != "" {
		t.Fatalf("Neovim: %s\n%s", res.Error, data)
	}

	urls := make(map[string]string)
	for _, a := range analyzers.Analyzers() {
		urls[a.Name] = a.URL
	}
	var dl *nvimDiagnostic
	for i, d := range res.Initial {
		if d.Source != "conclint" || d.Href != urls[d.Code] || d.Message == "" {
			t.Errorf("diagnostic %+v: want source conclint, the analyzer as code and its docs page as the link", d)
		}
		if d.Code == "doublelock" {
			dl = &res.Initial[i]
		}
	}
	if dl == nil || dl.File != file || dl.Lnum != reportLine-1 {
		t.Fatalf("no doublelock diagnostic at %s:%d in %+v", file, reportLine, res.Initial)
	}
	if len(dl.Related) != 2 || dl.Related[0].Message != "c.mu first acquired here" || dl.Related[0].Location.Range.Start.Line != 6 ||
		!strings.HasSuffix(dl.Related[0].Location.URI, "/cache/doublelock.go") ||
		!strings.HasPrefix(dl.Related[1].Message, "acquired again here, in ") || !strings.HasSuffix(dl.Related[1].Location.URI, "/cache/cache.go") {
		t.Errorf("doublelock related information %+v, want the first acquisition at line 7 and the callee's Lock in cache.go", dl.Related)
	}
	for _, d := range res.AfterSave {
		if d.Code == "doublelock" {
			t.Errorf("doublelock still reported after the save: %+v", d)
		}
	}
	if len(res.AfterSave) != len(res.Initial)-1 {
		t.Errorf("%d diagnostics after the save, want %d (all but doublelock)", len(res.AfterSave), len(res.Initial)-1)
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// pipes joins a command's stdout and stdin into one stream.
type pipes struct {
	r io.ReadCloser
	w io.WriteCloser
}

func (p pipes) Read(b []byte) (int, error)  { return p.r.Read(b) }
func (p pipes) Write(b []byte) (int, error) { return p.w.Write(b) }
func (p pipes) Close() error                { p.w.Close(); return p.r.Close() }

// TestLSPProtocol drives "conclint lsp" with a JSON-RPC client from the
// same library: initialize, didOpen, the published diagnostics of the
// package (with the docs link and related sites), shutdown and exit with
// status 0. It runs everywhere; TestLSPNeovim adds a real editor.
func TestLSPProtocol(t *testing.T) {
	dir := module(t, map[string]string{"m.go": emptyCritical})
	file := filepath.Join(dir, "m.go")
	cmd := exec.Command(binary, "lsp")
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	published := make(chan json.RawMessage, 10)
	conn := jsonrpc2.NewConn(jsonrpc2.NewHeaderStream(pipes{stdout, stdin}))
	conn.Go(ctx, func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		if req.Method() == "textDocument/publishDiagnostics" {
			published <- append(json.RawMessage(nil), req.Params()...)
		}
		return nil, nil
	})
	var init map[string]any
	if _, err := conn.Call(ctx, "initialize", map[string]any{"processId": nil, "rootUri": "file://" + dir, "capabilities": map[string]any{}}, &init); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	if !strings.Contains(fmt.Sprint(init), "textDocumentSync") {
		t.Errorf("initialize result %v: no textDocumentSync", init)
	}
	_ = conn.Notify(ctx, "initialized", map[string]any{})
	_ = conn.Notify(ctx, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": "file://" + file, "languageId": "go", "version": 1, "text": emptyCritical}})
	var got struct {
		URI         string `json:"uri"`
		Diagnostics []struct {
			Range struct {
				Start struct{ Line, Character int } `json:"start"`
			} `json:"range"`
			Code            string `json:"code"`
			Source          string `json:"source"`
			Message         string `json:"message"`
			CodeDescription struct {
				Href string `json:"href"`
			} `json:"codeDescription"`
			RelatedInformation []struct {
				Message string `json:"message"`
			} `json:"relatedInformation"`
		} `json:"diagnostics"`
	}
	select {
	case raw := <-published:
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatal(err)
		}
	case <-ctx.Done():
		t.Fatal("no publishDiagnostics")
	}
	if got.URI != "file://"+file || len(got.Diagnostics) != 1 {
		t.Fatalf("published %+v, want one diagnostic for %s", got, file)
	}
	d := got.Diagnostics[0]
	if d.Code != "SA2001" || d.Source != "conclint" || d.Range.Start.Line != 6 || d.Range.Start.Character != 1 ||
		!strings.HasPrefix(d.CodeDescription.Href, "https://") || len(d.RelatedInformation) != 1 {
		t.Errorf("diagnostic %+v", d)
	}
	if _, err := conn.Call(ctx, "shutdown", nil, nil); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	_ = conn.Notify(ctx, "exit", nil)
	if err := cmd.Wait(); err != nil {
		t.Errorf("conclint lsp after shutdown and exit: %v, want exit status 0", err)
	}
	conn.Close()
}
