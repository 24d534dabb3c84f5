// Package plugin registers conclint's own analyzers as a golangci-lint v2
// module plugin named "conclint".
//
// golangci-lint already runs go vet's and staticcheck's checks, so the
// plugin registers only conclint's own analyzers — isolated and with
// //conclint:ignore suppression, exactly as the conclint binary runs them.
// Each report's related sites are folded into its message, so one hazard
// is one golangci-lint issue.
//
// Configuration (.golangci.yml):
//
//	linters:
//	  enable: [conclint]
//	  settings:
//	    custom:
//	      conclint:
//	        type: module
//	        description: concurrency hazards
//	        settings:
//	          disable: [sleepsync]            # analyzers to leave out
//	          enable: [someoffbydefault]      # default-off analyzers to run
//	          flags:                          # analyzer flags: NAME: {flag: value}
//	            unboundedgo:
//	              accept: "true"
//
// Build a golangci-lint with the plugin from tools/golangci (a nested module
// whose main is golangci-lint's with this package imported), or with
// "golangci-lint custom" and a .custom-gcl.yml naming this module.
package plugin

import (
	"fmt"
	"go/token"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers"
	"github.com/conclint/conclint/internal/isolate"
	"github.com/conclint/conclint/internal/suppress"
)

// The registry is golangci-lint's: a plugin registers itself when its
// package is imported.
func init() { register.Plugin("conclint", New) }

// Settings is the plugin's configuration.
type Settings struct {
	Disable []string                     `json:"disable"`
	Enable  []string                     `json:"enable"`
	Flags   map[string]map[string]string `json:"flags"` // analyzer -> flag -> value
}

type plugin struct{ settings Settings }

// New decodes the settings golangci-lint passes and checks every name.
func New(raw any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](raw)
	if err != nil {
		return nil, err
	}
	own := make(map[string]*analysis.Analyzer)
	for _, e := range analyzers.Suite() {
		if e.Origin == analyzers.Own {
			own[e.Analyzer.Name] = e.Analyzer
		}
	}
	for _, name := range append(slices.Clone(s.Disable), s.Enable...) {
		if own[name] == nil {
			return nil, fmt.Errorf("conclint plugin: no analyzer %q of conclint's own (go vet and staticcheck checks are golangci-lint's govet and staticcheck)", name)
		}
	}
	for name, flags := range s.Flags {
		for fl := range flags {
			if own[name] == nil || own[name].Flags.Lookup(fl) == nil {
				return nil, fmt.Errorf("conclint plugin: no analyzer flag %s.%s", name, fl)
			}
		}
	}
	return &plugin{settings: s}, nil
}

// BuildAnalyzers returns conclint's own analyzers that the settings keep,
// with their flags set.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	var roots []*analysis.Analyzer
	for _, e := range analyzers.Suite() {
		a := e.Analyzer
		if e.Origin != analyzers.Own || slices.Contains(p.settings.Disable, a.Name) {
			continue
		}
		if !e.Default && !slices.Contains(p.settings.Enable, a.Name) {
			continue
		}
		// golangci-lint has no per-analyzer flags; the plugin sets them on
		// the analyzer's FlagSet, as flag parsing would.
		flags := p.settings.Flags[a.Name]
		names := make([]string, 0, len(flags))
		for fl := range flags {
			names = append(names, fl)
		}
		sort.Strings(names)
		for _, fl := range names {
			if err := a.Flags.Set(fl, flags[fl]); err != nil {
				return nil, fmt.Errorf("conclint plugin: flag %s.%s: %w", a.Name, fl, err)
			}
		}
		roots = append(roots, a)
	}
	// Stale-directive reports come with the suppression analyzer: when it
	// is disabled, the analyzers do not make them either.
	filter := suppress.Filter
	if slices.Contains(p.settings.Disable, "suppression") {
		filter = suppress.FilterNoStale
	}
	// Suppression sees the related sites (a directive on any of them
	// counts); folding comes after it.
	hook := func(pass *analysis.Pass, run func(*analysis.Pass) (any, error)) (any, error) {
		inner := *pass
		inner.Report = func(d analysis.Diagnostic) { pass.Report(foldRelated(pass.Fset, d)) }
		return filter(&inner, run)
	}
	return isolate.Wrap(roots, hook), nil
}

// foldRelated moves a diagnostic's related sites into its message:
//
//	message (related: lockorder.go:38: Cache.mu acquired here; ...)
//
// golangci-lint turns each related site into an issue of its own, which
// multiplies the issue count (24 issues for the demo's 9 hazards) and
// leaves those issues behind when //nolint:conclint silences the report.
// Sites are "file:line", with the file's directory when it differs from
// the reported file's.
func foldRelated(fset *token.FileSet, d analysis.Diagnostic) analysis.Diagnostic {
	if len(d.Related) == 0 {
		return d
	}
	dir := filepath.Dir(fset.Position(d.Pos).Filename)
	var sites []string
	for _, r := range d.Related {
		p := fset.Position(r.Pos)
		name := filepath.Base(p.Filename)
		if filepath.Dir(p.Filename) != dir {
			name = filepath.Base(filepath.Dir(p.Filename)) + "/" + name
		}
		if p.Line > 0 {
			name = fmt.Sprintf("%s:%d", name, p.Line)
		}
		sites = append(sites, name+": "+r.Message)
	}
	d.Message += " (related: " + strings.Join(sites, "; ") + ")"
	d.Related = nil
	return d
}

// GetLoadMode asks for type information: the analyzers need it (and SSA).
func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
