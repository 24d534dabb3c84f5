package main

// Results that never depend on earlier runs.
//
// The go command caches a vet action under a key that does not say whether
// the package was analysed as a root (diagnostics printed) or only as a
// dependency, for its facts (unitchecker's VetxOnly: diagnostics neither
// computed nor printed), and replays the cached stdout either way. With a
// shared build cache, "conclint ./server" then "conclint ./queue" (queue
// imported by server) would print nothing for queue, and "conclint ./..."
// then "conclint ./server" would print queue's reports.
//
// The standalone mode fixes both orders:
//
//   - It passes -diagscope=CLASSES to the vet tool, the classes (main: the
//     main modules; std: the standard library; dep: other modules) of the
//     packages it was asked for. A vet-tool process asked for facts only
//     about a package of one of those classes computes and prints its
//     diagnostics anyway (diagScopeConfig), so whatever the cache holds for
//     a package that could be a root is complete. Packages of other classes
//     (the standard library under "conclint ./...") stay facts-only: no
//     cost there. The flag is part of the go command's cache key, so each
//     scope is a cache namespace of its own, and plain go vet (no flag)
//     never sees these outputs.
//   - It prints only the packages it was asked for (rootSet), whatever the
//     go command replays for the others.
//
// Plain "go vet -vettool=conclint" keeps the go command's behaviour: the
// tool cannot tell the go command which cached output to replay.

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// diagScopeFlag names the vet-tool flag.
const diagScopeFlag = "diagscope"

// The classes of packages.
const (
	classMain = "main" // a package of a main module (or workspace module)
	classStd  = "std"  // the standard library (and GOPATH-mode packages)
	classDep  = "dep"  // a package of a required module
)

// diagScopeConfig returns the vet config file the tool should run: cfgFile
// itself, or, when cfgFile asks for facts only (VetxOnly) about a package
// of a class in scope, a copy that asks for diagnostics too. The copy is
// written beside cfgFile, in the go command's scratch directory for the
// action. Any failure leaves cfgFile as it is.
func diagScopeConfig(cfgFile, scope string) string {
	if scope == "" {
		return cfgFile
	}
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return cfgFile
	}
	var cfg map[string]json.RawMessage
	if json.Unmarshal(data, &cfg) != nil {
		return cfgFile
	}
	var vetxOnly bool
	var modulePath, moduleVersion string
	_ = json.Unmarshal(cfg["VetxOnly"], &vetxOnly)
	_ = json.Unmarshal(cfg["ModulePath"], &modulePath)
	_ = json.Unmarshal(cfg["ModuleVersion"], &moduleVersion)
	if !vetxOnly {
		return cfgFile
	}
	class := classDep
	switch {
	case modulePath == "":
		class = classStd
	case moduleVersion == "":
		class = classMain
	}
	if !inScope(scope, class) {
		return cfgFile
	}
	cfg["VetxOnly"] = json.RawMessage("false")
	out, err := json.Marshal(cfg)
	if err != nil {
		return cfgFile
	}
	full := strings.TrimSuffix(cfgFile, ".cfg") + ".diags.cfg"
	if os.WriteFile(full, out, 0o666) != nil {
		return cfgFile
	}
	return full
}

func inScope(scope, class string) bool {
	for _, c := range strings.Split(scope, ",") {
		if c == class {
			return true
		}
	}
	return false
}

// flagValue returns the value of -name=value in args, or "".
func flagValue(args []string, name string) string {
	for _, a := range args {
		n, v, ok := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if ok && strings.HasPrefix(a, "-") && n == name {
			return v
		}
	}
	return ""
}

// hasTrueFlag reports whether args set the boolean flag name to true.
func hasTrueFlag(args []string, name string) bool {
	for _, a := range args {
		n, v, ok := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && n == name && (!ok || v == "true" || v == "1") {
			return true
		}
	}
	return false
}

// rootSet is the set of import paths the user asked for (their external
// test packages "p_test" included), and the scope of their classes.
type rootSet struct {
	paths map[string]bool
	all   bool   // every package go vet prints is a root
	scope string // sorted, comma-separated classes
}

// listRoots asks the go command for the packages the patterns match. It
// returns nil when that fails; the run then goes ahead unscoped and
// unfiltered, and go vet reports the problem.
func listRoots(dir string, pkgs, vetFlags []string) *rootSet {
	// The common cases need no go list run (a quarter of the CPU of the
	// developer loop on x/tools, 15% of the editor loop's).
	if wholeMainModule(dir, pkgs) {
		// Every package of the main module is a root, so whatever the
		// scope "main" makes go vet print belongs to one.
		return &rootSet{scope: classMain, all: true}
	}
	if path, ok := mainModulePackage(dir, pkgs); ok {
		return &rootSet{scope: classMain, paths: map[string]bool{path: true, path + "_test": true}}
	}
	const format = `{{.ImportPath}} {{if .Standard}}std{{else if .Module}}{{if .Module.Main}}main{{else}}dep{{end}}{{else}}std{{end}}`
	args := append([]string{"list", "-e", "-f", format}, tagsOnly(vetFlags)...)
	cmd := exec.Command("go", append(args, pkgs...)...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	rs := &rootSet{paths: make(map[string]bool)}
	classes := make(map[string]bool)
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, class, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		rs.paths[path] = true
		rs.paths[path+"_test"] = true
		classes[class] = true
	}
	var cs []string
	for c := range classes {
		cs = append(cs, c)
	}
	sort.Strings(cs)
	rs.scope = strings.Join(cs, ",")
	return rs
}

// keep reports whether the diagnostics of package pkg (an ID from go vet's
// JSON output, which is the import path) are to be printed.
func (rs *rootSet) keep(pkg string) bool {
	return rs == nil || rs.all || rs.paths[pkg]
}

// wholeMainModule reports whether pkgs is "./..." run at the root of the
// only main module (see mainModule). The pattern then matches every
// package of the main module, and the packages it depends on are of
// another class or among them.
func wholeMainModule(dir string, pkgs []string) bool {
	if len(pkgs) != 1 || pkgs[0] != "./..." {
		return false
	}
	root, _, ok := mainModule(dir)
	abs, err := filepath.Abs(dir)
	return ok && err == nil && root == abs
}

// mainModulePackage returns the import path of the package pkgs names when
// it is "." in a directory of the only main module (see mainModule), not
// under a vendor directory: the module path and the directory's path
// below the module root, as the go command computes it.
func mainModulePackage(dir string, pkgs []string) (string, bool) {
	if len(pkgs) != 1 || pkgs[0] != "." {
		return "", false
	}
	root, modPath, ok := mainModule(dir)
	abs, err := filepath.Abs(dir)
	if !ok || err != nil {
		return "", false
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return "", false
	}
	if rel == "." {
		return modPath, true
	}
	rel = filepath.ToSlash(rel)
	for _, elem := range strings.Split(rel, "/") {
		if elem == "vendor" || elem == ".." {
			return "", false
		}
	}
	return modPath + "/" + rel, true
}

// mainModule finds the module that contains dir when it is the only main
// module: module mode (no GO111MODULE=off), no -modfile in GOFLAGS, the
// nearest go.mod at or above dir, no workspace file (GOWORK unset and no
// go.work at or above dir, or GOWORK=off), and not GOROOT's std or
// cmd module (their packages are of class std). It returns the module's
// root directory and path.
func mainModule(dir string) (root, modPath string, ok bool) {
	if os.Getenv("GO111MODULE") == "off" || strings.Contains(os.Getenv("GOFLAGS"), "-modfile") {
		return "", "", false
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", "", false
	}
	for d := abs; ; d = filepath.Dir(d) {
		if data, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil {
			root, modPath = d, goModPath(data)
			break
		}
		if filepath.Dir(d) == d {
			return "", "", false
		}
	}
	if modPath == "" || modPath == "std" || modPath == "cmd" {
		return "", "", false
	}
	switch os.Getenv("GOWORK") {
	case "off":
		return root, modPath, true
	case "":
		for d := abs; ; d = filepath.Dir(d) { // the go command looks up from the working directory
			if _, err := os.Stat(filepath.Join(d, "go.work")); err == nil {
				return "", "", false
			}
			if filepath.Dir(d) == d {
				return root, modPath, true
			}
		}
	}
	return "", "", false // an explicit workspace file
}

// goModPath returns the path in the module directive of a go.mod file, or
// "" when there is none.
func goModPath(data []byte) string {
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		rest, ok := strings.CutPrefix(line, "module")
		if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t' && rest[0] != '"' && rest[0] != '`') {
			continue
		}
		if i := strings.Index(rest, "//"); i >= 0 {
			rest = rest[:i]
		}
		rest = strings.TrimSpace(rest)
		if p, err := strconv.Unquote(rest); err == nil {
			return p
		}
		return rest
	}
	return ""
}
