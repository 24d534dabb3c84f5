package main

// conclint lsp: a language server of conclint's own.
//
// gopls cannot load third-party analyzers, so editors get conclint's
// reports from this server, which runs beside gopls: it speaks the Language
// Server Protocol over stdin and stdout (JSON-RPC 2.0 with Content-Length
// framing, from go.lsp.dev/jsonrpc2) and, whenever a Go file is opened or
// saved, analyses the file's package as "conclint ." in its directory does
// (the go command's cache makes a rerun on an unchanged package cheap) and
// publishes the reports of every file of the package: the message, the
// analyzer as the code with its documentation page as the code's link, and
// the other sites as related information. The server reads files from
// disk, so unsaved edits are analysed on save.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"

	"github.com/conclint/conclint/analyzers"
)

const lspUsage = `Usage: conclint lsp [flags]

Runs a language server on stdin and stdout that publishes conclint's
reports for the package of each Go file opened or saved. The flags are
conclint's analyzer flags (-NAME, -NAME=false, -NAME.FLAG=VALUE), -tags
and -test=false. See docs/integrations.md for editor setup.
`

// The LSP messages the server reads and writes (LSP 3.17), only the fields
// it uses.
type (
	lspTextDocumentParams struct {
		TextDocument struct {
			URI string `json:"uri"`
		} `json:"textDocument"`
	}
	lspPosition struct {
		Line      int `json:"line"`
		Character int `json:"character"`
	}
	lspRange struct {
		Start lspPosition `json:"start"`
		End   lspPosition `json:"end"`
	}
	lspLocation struct {
		URI   string   `json:"uri"`
		Range lspRange `json:"range"`
	}
	lspRelated struct {
		Location lspLocation `json:"location"`
		Message  string      `json:"message"`
	}
	lspCodeDescription struct {
		Href string `json:"href"`
	}
	lspDiagnostic struct {
		Range              lspRange            `json:"range"`
		Severity           int                 `json:"severity"`
		Code               string              `json:"code,omitempty"`
		CodeDescription    *lspCodeDescription `json:"codeDescription,omitempty"`
		Source             string              `json:"source"`
		Message            string              `json:"message"`
		RelatedInformation []lspRelated        `json:"relatedInformation,omitempty"`
	}
	lspPublishParams struct {
		URI         string          `json:"uri"`
		Diagnostics []lspDiagnostic `json:"diagnostics"`
	}
	lspLogParams struct {
		Type    int    `json:"type"`
		Message string `json:"message"`
	}
)

const (
	lspSeverityWarning = 2
	lspLogError        = 1
	lspLogInfo         = 3
)

// lspServer is one language server session.
type lspServer struct {
	exe      string
	vetFlags []string
	tests    bool
	urls     map[string]string // analyzer name -> docs URL; read-only
	conn     jsonrpc2.Conn

	mu       sync.Mutex
	pending  []string // package directories to analyse, in request order
	wake     chan struct{}
	shutdown bool // a shutdown request came

	exit chan struct{} // closed by the exit notification
	// published maps a package directory to the URIs last published with
	// reports, so that reports that went away are cleared. Worker only.
	published map[string]map[string]bool
}

// stdio is stdin and stdout as one stream.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return os.Stdin.Close() }

// lspMain runs the language server until the client says exit; it returns
// the exit status (0 after a shutdown request, 1 otherwise, as LSP says).
func lspMain(args []string, stderr io.Writer) int {
	cfg, err := parseArgs(args, analyzers.Analyzers())
	if errors.Is(err, flag.ErrHelp) || err == nil && (len(cfg.pkgs) != 1 || cfg.pkgs[0] != ".") {
		fmt.Fprint(stderr, lspUsage)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "conclint lsp: %v\n", err)
		return 1
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "conclint lsp: cannot find own executable: %v\n", err)
		return 1
	}
	s := &lspServer{
		exe:       exe,
		vetFlags:  cfg.vetFlags,
		tests:     cfg.tests,
		urls:      make(map[string]string),
		wake:      make(chan struct{}, 1),
		exit:      make(chan struct{}),
		published: make(map[string]map[string]bool),
	}
	for _, a := range analyzers.Analyzers() {
		s.urls[a.Name] = a.URL
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.conn = jsonrpc2.NewConn(jsonrpc2.NewHeaderStream(stdio{os.Stdin, os.Stdout}))
	s.conn.Go(ctx, s.handle)
	go s.worker(ctx)
	select {
	case <-s.exit:
	case <-s.conn.Done():
	}
	s.mu.Lock()
	clean := s.shutdown
	s.mu.Unlock()
	if clean {
		return 0
	}
	return 1
}

// handle answers the client. It runs on the connection's read goroutine
// and never blocks: analyses are queued for the worker.
func (s *lspServer) handle(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	switch req.Method() {
	case "initialize":
		return map[string]any{
			"capabilities": map[string]any{
				"textDocumentSync": map[string]any{
					"openClose": true,
					"change":    0, // none: the server reads saved files
					"save":      map[string]any{"includeText": false},
				},
			},
			"serverInfo": map[string]any{"name": "conclint", "version": version()},
		}, nil
	case "textDocument/didOpen", "textDocument/didSave":
		var p lspTextDocumentParams
		if err := jsonrpc2.DefaultCodec.Unmarshal(req.Params(), &p); err != nil {
			return nil, err
		}
		if file, ok := uriPath(p.TextDocument.URI); ok && strings.HasSuffix(file, ".go") {
			s.schedule(filepath.Dir(file))
		}
		return nil, nil
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		return nil, nil
	case "exit":
		close(s.exit)
		return nil, nil
	case "initialized", "textDocument/didClose", "textDocument/didChange", "$/cancelRequest", "$/setTrace":
		return nil, nil
	}
	return jsonrpc2.MethodNotFoundHandler(ctx, req)
}

// schedule queues dir for analysis unless it is queued already.
func (s *lspServer) schedule(dir string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.pending {
		if d == dir {
			return
		}
	}
	s.pending = append(s.pending, dir)
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// worker analyses the queued packages one at a time. A save during an
// analysis queues the package again, so the last save is always analysed.
func (s *lspServer) worker(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		}
		for {
			s.mu.Lock()
			if len(s.pending) == 0 {
				s.mu.Unlock()
				break
			}
			dir := s.pending[0]
			s.pending = s.pending[1:]
			s.mu.Unlock()
			s.analyse(ctx, dir)
		}
	}
}

// analyse runs conclint on the package in dir and publishes its reports.
func (s *lspServer) analyse(ctx context.Context, dir string) {
	res, problems := runVet(s.exe, dir, []string{"."}, s.vetFlags, nil)
	for _, p := range problems {
		_ = s.conn.Notify(ctx, "window/logMessage", lspLogParams{lspLogError, "conclint: " + strings.TrimSpace(p)})
	}
	diags := res.diags
	if !s.tests {
		diags = dropTests(diags)
	}
	src := newSourceCache()
	byURI := make(map[string][]lspDiagnostic)
	for _, d := range diags {
		loc := s.location(src, d.Posn, d.End)
		ld := lspDiagnostic{
			Range:    loc.Range,
			Severity: lspSeverityWarning,
			Code:     d.Analyzer,
			Source:   "conclint",
			Message:  d.Message,
		}
		if u := s.urls[d.Analyzer]; u != "" {
			ld.CodeDescription = &lspCodeDescription{u}
		}
		for _, r := range d.Related {
			ld.RelatedInformation = append(ld.RelatedInformation, lspRelated{s.location(src, r.Posn, r.End), r.Message})
		}
		byURI[loc.URI] = append(byURI[loc.URI], ld)
	}
	// Clear the files whose reports went away, then publish, in URI order.
	uris := make([]string, 0, len(byURI))
	for u := range byURI {
		uris = append(uris, u)
	}
	for u := range s.published[dir] {
		if byURI[u] == nil {
			uris = append(uris, u)
		}
	}
	sort.Strings(uris)
	now := make(map[string]bool)
	for _, u := range uris {
		ds := byURI[u]
		if ds == nil {
			ds = []lspDiagnostic{}
		} else {
			now[u] = true
		}
		_ = s.conn.Notify(ctx, "textDocument/publishDiagnostics", lspPublishParams{u, ds})
	}
	s.published[dir] = now
	_ = s.conn.Notify(ctx, "window/logMessage", lspLogParams{lspLogInfo, fmt.Sprintf("conclint: %s: %d reports", dir, len(diags))})
}

// location converts go vet's "file:line:col" positions (1-based, columns
// in bytes) to an LSP location (0-based, characters in UTF-16 code units,
// LSP's default encoding).
func (s *lspServer) location(src *sourceCache, posn, end string) lspLocation {
	p, e := parsePosn(posn), parsePosn(end)
	start := lspPos(src, p)
	r := lspRange{start, start}
	if e.file == p.file && e.line > 0 {
		if ep := lspPos(src, e); ep.Line > start.Line || ep.Line == start.Line && ep.Character >= start.Character {
			r.End = ep
		}
	}
	return lspLocation{fileURI(p.file), r}
}

func lspPos(src *sourceCache, p position) lspPosition {
	if p.line < 1 {
		return lspPosition{}
	}
	line := src.line(p.file, p.line)
	n := min(max(p.col-1, 0), len(line))
	units := 0
	for _, r := range line[:n] {
		if r == utf8.RuneError {
			units++
			continue
		}
		units += len(utf16.Encode([]rune{r}))
	}
	return lspPosition{p.line - 1, units}
}

// uriPath returns the file path of a file:// URI.
func uriPath(uri string) (string, bool) {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return "", false
	}
	return filepath.FromSlash(u.Path), true
}
