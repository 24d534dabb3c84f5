package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers"
)

const usage = `conclint finds concurrency hazards in Go code.

Usage:
	conclint [flags] [packages]      analyse packages (default ".")
	conclint help                    list the analyzers
	conclint help NAME               describe one analyzer and its flags
	conclint lsp [flags]             language server for editors (stdin/stdout)
	go vet -vettool=$(which conclint) [flags] [packages]

Flags:
	-json              print diagnostics as JSON (go vet's -json shape)
	-format=F          output format: text (default), json, sarif
	-test=false        drop reports in _test.go files (tests are analysed by default)
	-trace             show the schedule of each deadlock found by exploration, step by step
	-debug             count the explorer's work on stderr, with the packages over budget
	-C=DIR             run in DIR (package patterns and output paths are relative to it)
	-tags=T            build tags, passed to the go command
	-baseline=FILE     report only findings that are not in FILE; when FILE does
	                   not exist, write the current findings to it and exit 0
	-fix               apply the suggested fixes of the reported findings, then
	                   report the findings left
	-diff              print the suggested fixes as a unified diff; change nothing
	-version           print the version and exit
	-NAME / -NAME=false        run only the named analyzers / all but these
	-NAME.FLAG=VALUE   set an analyzer's flag (see conclint help NAME)

Exit status: 0 no findings, 3 findings, 1 error.
`

// config is the parsed standalone command line.
type config struct {
	format   string   // text, json or sarif
	tests    bool     // keep reports in _test.go files
	trace    bool     // print explored deadlocks' schedules (text output)
	debug    bool     // count the explorer's work (exploredebug.go)
	version  bool     // print the version
	dir      string   // -C: directory to run in
	baseline string   // -baseline: the baseline file
	fix      bool     // -fix: apply suggested fixes
	diff     bool     // -diff: print suggested fixes as a diff
	vetFlags []string // forwarded to go vet (analyzer flags, -tags)
	pkgs     []string
}

// parseArgs splits args into conclint's own flags, analyzer flags (checked
// against the suite and forwarded verbatim to the vet tool) and packages.
func parseArgs(args []string, all []*analysis.Analyzer) (*config, error) {
	cfg := &config{format: "text", tests: true}
	known := make(map[string]bool)  // analyzer flag name -> exists
	isBool := make(map[string]bool) // analyzer flag name -> boolean
	for _, a := range all {
		known[a.Name], isBool[a.Name] = true, true
		a.Flags.VisitAll(func(f *flag.Flag) {
			name := a.Name + "." + f.Name
			known[name] = true
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				isBool[name] = true
			}
		})
	}
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			cfg.pkgs = append(cfg.pkgs, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			cfg.pkgs = append(cfg.pkgs, arg)
			continue
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		// value takes the next argument for non-boolean flags.
		value := func() (string, error) {
			if hasVal {
				return val, nil
			}
			if i+1 >= len(args) {
				return "", fmt.Errorf("flag -%s needs a value", name)
			}
			i++
			return args[i], nil
		}
		boolVal := func() (bool, error) {
			if !hasVal {
				return true, nil
			}
			b, err := strconv.ParseBool(val)
			if err != nil {
				return false, fmt.Errorf("flag -%s: invalid boolean %q", name, val)
			}
			return b, nil
		}
		var err error
		switch name {
		case "h", "help":
			return nil, flag.ErrHelp
		case "json":
			var b bool
			if b, err = boolVal(); b {
				cfg.format = "json"
			}
		case "format":
			cfg.format, err = value()
			if err == nil && cfg.format != "text" && cfg.format != "json" && cfg.format != "sarif" {
				err = fmt.Errorf("unknown -format %q: want text, json or sarif", cfg.format)
			}
		case "test":
			cfg.tests, err = boolVal()
		case "trace":
			cfg.trace, err = boolVal()
		case "debug":
			cfg.debug, err = boolVal()
		case "version":
			cfg.version, err = boolVal()
		case "baseline":
			cfg.baseline, err = value()
		case "fix":
			cfg.fix, err = boolVal()
		case "diff":
			cfg.diff, err = boolVal()
		case "C":
			cfg.dir, err = value()
		case "tags":
			var t string
			t, err = value()
			cfg.vetFlags = append(cfg.vetFlags, "-tags="+t)
		default:
			if !known[name] {
				return nil, fmt.Errorf("unknown flag -%s (see conclint -help)", name)
			}
			if isBool[name] {
				var b bool
				if b, err = boolVal(); err == nil {
					cfg.vetFlags = append(cfg.vetFlags, "-"+name+"="+strconv.FormatBool(b))
				}
			} else {
				var v string
				if v, err = value(); err == nil {
					cfg.vetFlags = append(cfg.vetFlags, "-"+name+"="+v)
				}
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if len(cfg.pkgs) == 0 {
		cfg.pkgs = []string{"."}
	}
	return cfg, nil
}

// standalone runs conclint on packages and returns the exit status.
func standalone(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "help" {
		return help(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "lsp" {
		return lspMain(args[1:], stderr)
	}
	cfg, err := parseArgs(args, analyzers.Analyzers())
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "conclint: %v\n", err)
		return 1
	}
	if cfg.version {
		fmt.Fprintf(stdout, "conclint %s\n", version())
		return 0
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "conclint: cannot find own executable: %v\n", err)
		return 1
	}

	vetFlags := cfg.vetFlags
	if cfg.debug {
		flags, report := exploreDebug(stderr)
		vetFlags = append(append([]string(nil), vetFlags...), flags...)
		defer report()
	}
	res, problems := runVet(exe, cfg.dir, cfg.pkgs, vetFlags, stderr)
	failed := len(problems) > 0
	for _, p := range problems {
		fmt.Fprint(stderr, p)
	}
	diags := res.diags
	if !cfg.tests {
		diags = dropTests(diags)
	}

	cwd, _ := os.Getwd()
	if cfg.dir != "" {
		if abs, err := filepath.Abs(cfg.dir); err == nil {
			cwd = abs
		}
	}
	if cfg.baseline != "" && !failed {
		path := cfg.baseline
		if !filepath.IsAbs(path) {
			path = filepath.Join(cwd, path)
		}
		if diags, err = applyBaseline(path, diags, cwd, stderr); err != nil {
			fmt.Fprintf(stderr, "conclint: %v\n", err)
			return 1
		}
	}
	if cfg.fix || cfg.diff {
		plan, err := planFixes(diags)
		if err != nil {
			fmt.Fprintf(stderr, "conclint: %v\n", err)
			return 1
		}
		for _, d := range plan.skipped {
			fmt.Fprintf(stderr, "conclint: %s: fix not applied: it overlaps another fix; run -fix again\n", shortPosn(d.Posn, cwd))
		}
		if cfg.diff {
			if err := plan.diff(stdout, cwd); err != nil {
				fmt.Fprintf(stderr, "conclint: %v\n", err)
				return 1
			}
			switch {
			case failed:
				return 1
			case len(plan.files) > 0:
				return 3
			}
			return 0
		}
		if err := plan.write(); err != nil {
			fmt.Fprintf(stderr, "conclint: applying fixes: %v\n", err)
			return 1
		}
		var left []diagnostic
		n := 0
		for i, d := range diags {
			if plan.fixed[i] {
				n++
			} else {
				left = append(left, d)
			}
		}
		if n > 0 {
			fmt.Fprintf(stderr, "conclint: applied %d fixes to %d files\n", n, len(plan.files))
		}
		diags = left
	}
	switch cfg.format {
	case "json":
		err = writeJSON(stdout, res.tree(diags))
	case "sarif":
		err = writeSARIF(stdout, diags, cwd)
	default:
		err = writeTextTrace(stdout, diags, cwd, cfg.trace)
	}
	if err != nil {
		fmt.Fprintf(stderr, "conclint: %v\n", err)
		return 1
	}
	switch {
	case failed:
		return 1
	case len(diags) > 0:
		return 3
	}
	return 0
}

// runVet analyses packages with go vet -vettool=exe (the vet-tool mode of
// this same binary) and returns the diagnostics and analyzer errors of the
// packages asked for. problems are the messages that make the run fail,
// each ending in a newline: go vet's stderr (packages that do not load or
// type-check) and analyzer errors. A progress line goes to progressTo when
// it is a terminal.
func runVet(exe, dir string, pkgs, vetFlags []string, progressTo io.Writer) (res vetResult, problems []string) {
	// Only the packages asked for are printed, and their results are
	// complete whatever ran before (scope.go).
	roots := listRoots(dir, pkgs, vetFlags)
	vetArgs := []string{"vet", "-vettool=" + exe, "-json"}
	if roots != nil {
		vetArgs = append(vetArgs, "-"+diagScopeFlag+"="+roots.scope)
	}
	vetArgs = append(vetArgs, vetFlags...)
	vetArgs = append(vetArgs, pkgs...)
	cmd := exec.Command("go", vetArgs...)
	cmd.Dir = dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.Env = os.Environ()
	prog := startProgress(progressTo, dir, pkgs, vetFlags)
	if prog != nil {
		cmd.Env = append(cmd.Env, progressEnv+"="+prog.file)
	}
	runErr := cmd.Run()
	prog.stop()

	res, parseErr := parseVetJSON(&out, roots.keep)
	if errOut.Len() > 0 {
		problems = append(problems, errOut.String())
	}
	if parseErr != nil {
		problems = append(problems, fmt.Sprintf("conclint: reading go vet output: %v\n", parseErr))
	}
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) {
		problems = append(problems, fmt.Sprintf("conclint: running go vet: %v\n", runErr))
	} else if runErr != nil && len(problems) == 0 {
		problems = append(problems, fmt.Sprintf("conclint: go vet failed: %v\n", runErr))
	}
	for _, e := range res.errors {
		problems = append(problems, fmt.Sprintf("conclint: %s: %s: %s\n", e.pkg, e.analyzer, e.msg))
	}
	return res, problems
}

// version describes the build: the module version (a release tag when
// installed with go install ...@version; a pseudo-version naming the
// commit when built from a clone), the VCS commit when the go command
// stamped it (go build/install in a git clone, the default -buildvcs=auto),
// and the Go version.
func version() string {
	v := "(devel)"
	var parts []string
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		parts = append(parts, v)
		rev, modified := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if rev != "" {
			c := "commit " + rev
			if modified {
				c += " (modified)"
			}
			parts = append(parts, c)
		}
		parts = append(parts, bi.GoVersion)
	} else {
		parts = append(parts, v)
	}
	return strings.Join(parts, " ")
}

// A diagnostic as read back from go vet -json, with its analyzer and
// package.
type diagnostic struct {
	Pkg      string        `json:"-"`
	Analyzer string        `json:"-"`
	Category string        `json:"category,omitempty"`
	Posn     string        `json:"posn"`
	End      string        `json:"end"`
	Message  string        `json:"message"`
	Fixes    []jsonFix     `json:"suggested_fixes,omitempty"`
	Related  []jsonRelated `json:"related,omitempty"`
}

type jsonFix struct {
	Message string `json:"message"`
	Edits   []struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	} `json:"edits"`
}

type jsonRelated struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

type analyzerError struct{ pkg, analyzer, msg string }

type vetResult struct {
	diags  []diagnostic
	errors []analyzerError
}

// parseVetJSON reads the stream of JSON trees go vet -json prints, one per
// package: {"pkg": {"analyzer": [diagnostics] or {"error": msg}}}, and
// keeps the packages keep accepts. The
// same diagnostic reached through two package variants (p and p [p.test])
// is kept once. The result is sorted by position.
func parseVetJSON(r io.Reader, keep func(pkg string) bool) (vetResult, error) {
	var res vetResult
	seen := make(map[string]bool)
	dec := json.NewDecoder(r)
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			break
		} else if err != nil {
			return res, err
		}
		for pkg, byAnalyzer := range tree {
			if !keep(pkg) {
				continue // a dependency, analysed for its facts
			}
			for name, raw := range byAnalyzer {
				var e struct {
					Error string `json:"error"`
				}
				if len(raw) > 0 && raw[0] == '{' {
					if err := json.Unmarshal(raw, &e); err != nil {
						return res, err
					}
					res.errors = append(res.errors, analyzerError{pkg, name, e.Error})
					continue
				}
				var ds []diagnostic
				if err := json.Unmarshal(raw, &ds); err != nil {
					return res, err
				}
				for _, d := range ds {
					d.Pkg, d.Analyzer = pkg, name
					key := name + "\x00" + d.Posn + "\x00" + d.Message
					if seen[key] {
						continue
					}
					seen[key] = true
					res.diags = append(res.diags, d)
				}
			}
		}
	}
	sort.Slice(res.diags, func(i, j int) bool { return lessDiag(res.diags[i], res.diags[j]) })
	sort.Slice(res.errors, func(i, j int) bool {
		a, b := res.errors[i], res.errors[j]
		if a.pkg != b.pkg {
			return a.pkg < b.pkg
		}
		return a.analyzer < b.analyzer
	})
	return res, nil
}

// tree rebuilds go vet's JSON shape from diagnostics and errors, merged
// over all packages.
func (res vetResult) tree(diags []diagnostic) map[string]map[string]any {
	t := make(map[string]map[string]any)
	add := func(pkg, name string, v any) {
		if t[pkg] == nil {
			t[pkg] = make(map[string]any)
		}
		t[pkg][name] = v
	}
	for _, d := range diags {
		list, _ := t[d.Pkg][d.Analyzer].([]diagnostic)
		add(d.Pkg, d.Analyzer, append(list, d))
	}
	for _, e := range res.errors {
		add(e.pkg, e.analyzer, map[string]string{"error": e.msg})
	}
	return t
}

// position is a parsed "file:line:col".
type position struct {
	file      string
	line, col int
}

func parsePosn(s string) position {
	p := position{file: s}
	if i := strings.LastIndexByte(s, ':'); i > 0 {
		if col, err := strconv.Atoi(s[i+1:]); err == nil {
			if j := strings.LastIndexByte(s[:i], ':'); j > 0 {
				if line, err := strconv.Atoi(s[j+1 : i]); err == nil {
					return position{s[:j], line, col}
				}
			}
		}
	}
	return p
}

func lessDiag(a, b diagnostic) bool {
	pa, pb := parsePosn(a.Posn), parsePosn(b.Posn)
	switch {
	case pa.file != pb.file:
		return pa.file < pb.file
	case pa.line != pb.line:
		return pa.line < pb.line
	case pa.col != pb.col:
		return pa.col < pb.col
	case a.Analyzer != b.Analyzer:
		return a.Analyzer < b.Analyzer
	}
	return a.Message < b.Message
}

func dropTests(diags []diagnostic) []diagnostic {
	var out []diagnostic
	for _, d := range diags {
		if !strings.HasSuffix(parsePosn(d.Posn).file, "_test.go") {
			out = append(out, d)
		}
	}
	return out
}

// relPath shortens file to a path relative to dir when it lies below dir.
func relPath(file, dir string) string {
	if dir == "" {
		return file
	}
	if rel, err := filepath.Rel(dir, file); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return file
}
