package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.lsp.dev/jsonrpc2"
)

// loopResult is the median of one tool in one incremental loop.
type loopResult struct {
	Set, Loop, Tool string
	Package         string // the package whose file changed
	Wall, CPU       time.Duration
	MaxRSS          int64
	Runs            int
}

// incremental measures the developer loop and the editor loop on a module
// set: n times, a new comment line at the end of one file of a leaf
// package, then each tool analyses again with everything else cached.
func (h *harness) incremental(set *pkgSet, n int) []loopResult {
	pkg, dir, file := h.leafFile(set)
	fmt.Fprintf(os.Stderr, "bench: incremental on %s: editing %s\n", set.name, file)
	orig, err := os.ReadFile(file)
	if err != nil {
		log.Fatal(err)
	}
	defer func() { _ = os.WriteFile(file, orig, 0o644) }()
	edit := func() {
		line := fmt.Sprintf("\n// bench edit %s\n", randHex(8))
		if err := os.WriteFile(file, append(slices.Clip(orig), line...), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	env := []string{"GOFLAGS=" + set.goflags}
	vet := append([]string{"go", "vet"}, set.patterns...)
	cli := append([]string{h.conclint}, set.patterns...)

	// Fill both tools' caches for the unchanged packages.
	h.timed("warm", set.name, set.dir, env, vet)
	h.timed("warm", set.name, set.dir, env, cli)

	var dev []measurement
	for i := 0; i < n; i++ {
		edit()
		a := h.timed("go vet", set.name, set.dir, env, vet)
		b := h.timed("conclint", set.name, set.dir, env, cli)
		fmt.Fprintf(os.Stderr, "bench: developer loop %s run %d: go vet cpu %s, conclint cpu %s\n", set.name, i+1, a.CPU.Round(time.Millisecond), b.CPU.Round(time.Millisecond))
		dev = append(dev, a, b)
	}

	// The editor loop: conclint lsp analyses the saved file's package; go
	// vet runs in the package's directory on the same content.
	var ed []measurement
	srv, err := startLSP(h.conclint, set.dir, append(os.Environ(), "GOFLAGS="+set.goflags, "GOWORK=off"), file)
	if err != nil {
		log.Printf("editor loop on %s: %v", set.name, err)
	} else {
		for i := 0; i < n; i++ {
			edit()
			b, err := srv.save()
			if err != nil {
				log.Printf("editor loop on %s: %v", set.name, err)
				break
			}
			b.Tool, b.Set = "conclint lsp", set.name
			a := h.timed("go vet .", set.name, dir, env, []string{"go", "vet", "."})
			fmt.Fprintf(os.Stderr, "bench: editor loop %s run %d: go vet . cpu %s, conclint lsp cpu %s\n", set.name, i+1, a.CPU.Round(time.Millisecond), b.CPU.Round(time.Millisecond))
			ed = append(ed, a, b)
		}
		srv.close()
	}

	var out []loopResult
	for _, loop := range []struct {
		name string
		ms   []measurement
	}{{"developer", dev}, {"editor", ed}} {
		for _, tool := range []string{"go vet", "conclint", "go vet .", "conclint lsp"} {
			var ms []measurement
			for _, m := range loop.ms {
				if m.Tool == tool {
					ms = append(ms, m)
				}
			}
			if len(ms) == 0 {
				continue
			}
			m := median(ms)
			out = append(out, loopResult{set.name, loop.name, tool, pkg, m.Wall, m.CPU, m.MaxRSS, len(ms)})
		}
	}
	return out
}

// leafFile returns a leaf package of the set (one no other package of the
// set imports, tests included: the one with the most source files), its
// directory and its largest non-test file.
func (h *harness) leafFile(set *pkgSet) (pkg, dir, file string) {
	const format = `{{.ImportPath}}|{{.Dir}}|{{join .GoFiles ","}}|{{join .Imports ","}},{{join .TestImports ","}},{{join .XTestImports ","}}`
	out, err := h.output(set.dir, []string{"GOFLAGS=" + set.goflags}, append([]string{"go", "list", "-f", format}, set.patterns...)...)
	if err != nil {
		log.Fatalf("go list: %v", err)
	}
	type info struct {
		path, dir string
		files     []string
	}
	var pkgs []info
	imported := make(map[string]bool)
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Split(line, "|")
		if len(f) != 4 {
			continue
		}
		for _, imp := range strings.Split(f[3], ",") {
			imported[imp] = true
		}
		if f[2] != "" {
			pkgs = append(pkgs, info{f[0], f[1], strings.Split(f[2], ",")})
		}
	}
	var best *info
	for i := range pkgs {
		p := &pkgs[i]
		if imported[p.path] || strings.Contains(p.path, "/internal/") || strings.HasSuffix(p.path, "/internal") {
			continue
		}
		if best == nil || len(p.files) > len(best.files) || len(p.files) == len(best.files) && p.path < best.path {
			best = p
		}
	}
	if best == nil {
		log.Fatalf("no leaf package in %s", set.name)
	}
	var size int64
	for _, name := range best.files {
		if fi, err := os.Stat(filepath.Join(best.dir, name)); err == nil && fi.Size() > size {
			size, file = fi.Size(), filepath.Join(best.dir, name)
		}
	}
	return best.path, best.dir, file
}

func printLoops(loops []loopResult) {
	if len(loops) == 0 {
		return
	}
	fmt.Printf("## Incremental loops (one file of a leaf package changed)\n\n")
	fmt.Printf("Developer loop: `go vet ./...` against `conclint ./...` (standalone). Editor loop: `go vet .` in the package's directory against the analysis `conclint lsp` runs on save (CPU of the server and its go vet tree, wall time from didSave to the published reports).\n\n")
	fmt.Printf("| set | loop | changed package | go vet CPU | conclint CPU | CPU ratio | go vet wall | conclint wall | runs |\n|---|---|---|---:|---:|---:|---:|---:|---:|\n")
	for i := 0; i+1 < len(loops); i++ {
		a, b := loops[i], loops[i+1]
		if a.Set != b.Set || a.Loop != b.Loop {
			continue
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %.2f× | %s | %s | %d |\n", a.Set, a.Loop, a.Package,
			secs(a.CPU), secs(b.CPU), ratio(b.CPU, a.CPU), secs(a.Wall), secs(b.Wall), min(a.Runs, b.Runs))
		i++
	}
	fmt.Println()
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// lspClient drives a "conclint lsp" process.
type lspClient struct {
	cmd    *exec.Cmd
	conn   jsonrpc2.Conn
	ctx    context.Context
	cancel context.CancelFunc
	file   string
	done   chan string // the server's "N reports" log messages
}

type rwc struct {
	io.ReadCloser
	io.WriteCloser
}

func (p rwc) Close() error { p.WriteCloser.Close(); return p.ReadCloser.Close() }

// startLSP starts the server in dir, opens file and waits for its first
// analysis.
func startLSP(bin, dir string, env []string, file string) (*lspClient, error) {
	cmd := exec.Command(bin, "lsp")
	cmd.Dir = dir
	cmd.Env = env
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	c := &lspClient{cmd: cmd, ctx: ctx, cancel: cancel, file: file, done: make(chan string, 16)}
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewHeaderStream(rwc{stdout, stdin}))
	c.conn.Go(ctx, func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		if req.Method() == "window/logMessage" {
			var p struct{ Message string }
			if json.Unmarshal(req.Params(), &p) == nil && strings.HasSuffix(p.Message, " reports") {
				c.done <- p.Message
			}
		}
		return nil, nil
	})
	if _, err := c.conn.Call(ctx, "initialize", map[string]any{"processId": nil, "rootUri": "file://" + dir, "capabilities": map[string]any{}}, nil); err != nil {
		c.close()
		return nil, fmt.Errorf("initialize: %w", err)
	}
	_ = c.conn.Notify(ctx, "initialized", map[string]any{})
	text, _ := os.ReadFile(file)
	_ = c.conn.Notify(ctx, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": "file://" + file, "languageId": "go", "version": 1, "text": string(text)}})
	select {
	case <-c.done:
	case <-ctx.Done():
		c.close()
		return nil, fmt.Errorf("no analysis after didOpen")
	}
	return c, nil
}

// save sends didSave and waits for the analysis it triggers; CPU is the
// server's own and its finished children's (the go vet tree), from /proc.
func (c *lspClient) save() (measurement, error) {
	before, err := procCPU(c.cmd.Process.Pid)
	if err != nil {
		return measurement{}, err
	}
	start := time.Now()
	_ = c.conn.Notify(c.ctx, "textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": "file://" + c.file}})
	select {
	case <-c.done:
	case <-c.ctx.Done():
		return measurement{}, fmt.Errorf("no analysis after didSave")
	}
	wall := time.Since(start)
	after, err := procCPU(c.cmd.Process.Pid)
	if err != nil {
		return measurement{}, err
	}
	return measurement{Wall: wall, CPU: after - before}, nil
}

func (c *lspClient) close() {
	_, _ = c.conn.Call(c.ctx, "shutdown", nil, nil)
	_ = c.conn.Notify(c.ctx, "exit", nil)
	done := make(chan struct{})
	go func() { _ = c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = c.cmd.Process.Kill()
		<-done
	}
	c.conn.Close()
	c.cancel()
}

// procCPU returns the user+system CPU of process pid and of its children
// it has waited for (/proc/PID/stat fields utime, stime, cutime, cstime).
func procCPU(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0, fmt.Errorf("bad /proc/%d/stat", pid)
	}
	f := strings.Fields(string(data[i+1:])) // f[0] is field 3
	if len(f) < 15 {
		return 0, fmt.Errorf("bad /proc/%d/stat", pid)
	}
	var ticks int64
	for _, k := range []int{11, 12, 13, 14} { // fields 14-17
		v, err := strconv.ParseInt(f[k], 10, 64)
		if err != nil {
			return 0, err
		}
		ticks += v
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

// clockTicks is USER_HZ, the unit of /proc's CPU times: 100 on every Linux
// architecture Go supports.
const clockTicks = 100
