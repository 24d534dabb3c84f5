package explore

import (
	"flag"
	"fmt"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// Hook lets an analyzer report the explorer's findings of its hazard
// beside its own pattern checks, one report per hazard. Call it first in
// run and defer the function it returns:
//
//	defer explore.Hook(pass, "goroutineleak")()
//
// When the analyzer's "explore" flag is set, Hook holds back what the
// pattern checks report until run ends. A finding of category cat whose
// sites (its blocked operations and the calls that lead to them) a
// pattern report names is the same hazard: the pattern report is kept,
// with the finding's schedule added as trace steps, and the finding is
// dropped. The other findings are reported after the pattern reports.
// Without the flag Hook does nothing and the exploration never runs.
func Hook(pass *analysis.Pass, cat string) func() {
	if !Enabled(pass.Analyzer) {
		return func() {}
	}
	res, ok := pass.ResultOf[Analyzer].(*Result)
	if !ok || res == nil {
		return func() {}
	}
	var held []analysis.Diagnostic
	report := pass.Report
	pass.Report = func(d analysis.Diagnostic) { held = append(held, d) }
	return func() {
		pass.Report = report
		lines := make([]map[lineKey]bool, len(held))
		for i, d := range held {
			lines[i] = map[lineKey]bool{lineOf(pass, d.Pos): true}
			for _, r := range d.Related {
				lines[i][lineOf(pass, r.Pos)] = true
			}
		}
		var extra []analysis.Diagnostic
		for _, f := range res.Findings() {
			if f.Category != cat {
				continue
			}
			i := slices.IndexFunc(lines, func(l map[lineKey]bool) bool { return covered(pass, f, l) })
			if i < 0 {
				extra = append(extra, f.Diagnostic())
				continue
			}
			if !hasTrace(held[i]) {
				held[i].Related = append(held[i].Related, f.traceRelated()...)
			}
		}
		for _, d := range held {
			report(d)
		}
		for _, d := range extra {
			report(d)
		}
		if path := debugFile(pass.Analyzer); path != "" && res.logStats != nil {
			res.logStats(pass.Pkg.Path(), path)
		}
	}
}

// DebugFlagName is the analyzer flag naming a file to which the explorer
// appends its work on each package it explores (conclint -debug sets it):
// one line "package entries states over-budget skipped", tab-separated.
// Its value is part of go vet's cache key, so a fresh file reruns every
// package.
const DebugFlagName = "exploredebug"

func debugFile(a *analysis.Analyzer) string {
	if f := a.Flags.Lookup(DebugFlagName); f != nil {
		return f.Value.String()
	}
	return ""
}

// writeStats appends the package's line to the debug file.
func writeStats(pkg, path string, st Stats) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return
	}
	// one write of one short line: appends of concurrent vet processes
	// do not interleave
	_, _ = fmt.Fprintf(f, "%s\t%d\t%d\t%d\t%d\n", pkg, st.Entries, st.States, st.OverBudget, st.Skipped)
	_ = f.Close()
}

func hasTrace(d analysis.Diagnostic) bool {
	for _, r := range d.Related {
		if _, ok := ParseTraceMessage(r.Message); ok {
			return true
		}
	}
	return false
}

// FlagName is the analyzer flag that turns the explorer's reports on.
const FlagName = "explore"

// AddFlag registers the explore flag of a reporting analyzer, off until
// the explorer's reports meet the precision bar for its hazard, and its
// debug flag (see DebugFlagName).
func AddFlag(a *analysis.Analyzer, on bool) {
	a.Flags.Bool(FlagName, on, "also report deadlocks found by exploring the interleavings of the goroutines a function starts (see docs/design.md, the explorer)")
	a.Flags.String(DebugFlagName, "", "append the explorer's work on each package (entries, states, entries over budget, entries skipped) to this file (conclint -debug)")
}

// Enabled reports whether a's explore flag is set.
func Enabled(a *analysis.Analyzer) bool {
	f := a.Flags.Lookup(FlagName)
	if f == nil {
		return false
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return false
	}
	b, _ := g.Get().(bool)
	return b
}

type lineKey struct {
	file string
	line int
}

func lineOf(pass *analysis.Pass, pos token.Pos) lineKey {
	if !pos.IsValid() {
		return lineKey{}
	}
	p := pass.Fset.Position(pos)
	return lineKey{p.Filename, p.Line}
}

// covered reports whether a pattern report names one of the finding's
// sites: a blocked operation, or a call on the way to one.
func covered(pass *analysis.Pass, f *Finding, lines map[lineKey]bool) bool {
	if lines[lineOf(pass, f.Pos)] {
		return true
	}
	for _, b := range f.Blocked {
		if lines[lineOf(pass, b.Pos)] {
			return true
		}
	}
	for _, r := range f.Related {
		if r.call && lines[lineOf(pass, r.Pos)] {
			return true
		}
	}
	return false
}

// Diagnostic renders a finding: its message, its related sites, then its
// trace — one related entry per step, "[trace 3/9 G2 (*T).run] locks
// s.mu" — which drivers may show as a table (conclint -trace) or a SARIF
// code flow (ParseTraceMessage reads it back).
func (f *Finding) Diagnostic() analysis.Diagnostic {
	d := analysis.Diagnostic{Pos: f.Pos, Category: "explored-" + f.Category, Message: f.Message}
	for _, r := range f.Related {
		if r.Pos.IsValid() {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: r.Pos, Message: r.Message})
		}
	}
	d.Related = append(d.Related, f.traceRelated()...)
	return d
}

// traceRelated renders the trace and the blocked operations as related
// entries.
func (f *Finding) traceRelated() []analysis.RelatedInformation {
	var out []analysis.RelatedInformation
	steps := append(append([]TraceStep(nil), f.Trace...), f.Blocked...)
	first := f.TraceTotal - len(f.Trace) // steps dropped from the front
	total := f.TraceTotal + len(f.Blocked)
	for i, st := range steps {
		if !st.Pos.IsValid() {
			continue
		}
		name := "?"
		if st.G < len(f.Goroutines) {
			name = f.Goroutines[st.G].Name
		}
		out = append(out, analysis.RelatedInformation{
			Pos:     st.Pos,
			Message: TraceMessage(first+i+1, total, st.G, name, st.Text),
		})
	}
	return out
}

// TraceMessage encodes one step of a trace as a related message.
func TraceMessage(i, n, g int, name, text string) string {
	return fmt.Sprintf("[trace %d/%d G%d %s] %s", i, n, g, name, text)
}

var traceRE = regexp.MustCompile(`^\[trace (\d+)/(\d+) G(\d+) ([^\]]*)\] (.*)$`)

// TraceInfo is a step decoded from a related message.
type TraceInfo struct {
	Step, Steps int    // its number and the trace's length
	G           int    // the goroutine
	Name        string // the function the goroutine runs
	Text        string // what it does
}

// ParseTraceMessage decodes a related message made by TraceMessage.
func ParseTraceMessage(msg string) (TraceInfo, bool) {
	m := traceRE.FindStringSubmatch(msg)
	if m == nil {
		return TraceInfo{}, false
	}
	step, _ := strconv.Atoi(m[1])
	steps, _ := strconv.Atoi(m[2])
	g, _ := strconv.Atoi(m[3])
	return TraceInfo{Step: step, Steps: steps, G: g, Name: m[4], Text: m[5]}, true
}
