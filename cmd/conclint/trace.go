package main

import (
	"bufio"
	"fmt"
	"io"

	"github.com/conclint/conclint/internal/explore"
)

// Traces: a deadlock found by the interleaving explorer carries the
// schedule that leads to it as related entries, one per step (see
// explore.TraceMessage). The text output hides them unless -trace is
// given, which prints them as a table; SARIF always turns them into a
// code flow with one thread flow per goroutine.

// traceStep is a decoded step with its site.
type traceStep struct {
	explore.TraceInfo
	Posn string
}

// splitTrace separates a diagnostic's trace steps from its other related
// sites.
func splitTrace(rel []jsonRelated) (sites []jsonRelated, steps []traceStep) {
	for _, r := range rel {
		if info, ok := explore.ParseTraceMessage(r.Message); ok {
			steps = append(steps, traceStep{info, r.Posn})
			continue
		}
		sites = append(sites, r)
	}
	return sites, steps
}

// writeTextTrace prints diagnostics as writeText does, without trace
// steps; with trace set, each diagnostic that has a trace is followed by
// it as an aligned table, one row per step:
//
//	#  goroutine                 site                 step
//	1  G1 (*Store).sendHeartbeats  store.go:42:15     locks s.coalescedMu
func writeTextTrace(w io.Writer, diags []diagnostic, cwd string, trace bool) error {
	bw := bufio.NewWriter(w)
	for _, d := range diags {
		sites, steps := splitTrace(d.Related)
		d.Related = sites
		if err := writeText(bw, []diagnostic{d}, cwd); err != nil {
			return err
		}
		if trace && len(steps) > 0 {
			writeTraceTable(bw, steps, cwd)
		}
	}
	return bw.Flush()
}

func writeTraceTable(w io.Writer, steps []traceStep, cwd string) {
	rows := [][]string{{"#", "goroutine", "site", "step"}}
	for _, s := range steps {
		rows = append(rows, []string{
			fmt.Sprint(s.Step),
			fmt.Sprintf("G%d %s", s.G, s.Name),
			shortPosn(s.Posn, cwd),
			s.Text,
		})
	}
	width := make([]int, 3)
	for _, r := range rows {
		for i := range width {
			width[i] = max(width[i], len(r[i]))
		}
	}
	if n := steps[0].Steps; steps[0].Step > 1 {
		fmt.Fprintf(w, "\ttrace (last %d of %d steps):\n", len(steps), n)
	} else {
		fmt.Fprintf(w, "\ttrace:\n")
	}
	for _, r := range rows {
		fmt.Fprintf(w, "\t  %*s  %-*s  %-*s  %s\n", width[0], r[0], width[1], r[1], width[2], r[2], r[3])
	}
}

// SARIF code flows (2.1.0 §3.36-3.38): one thread flow per goroutine,
// each location with its step number as executionOrder, so viewers can
// replay the schedule.
type (
	sarifCodeFlow struct {
		Message     *sarifText        `json:"message,omitempty"`
		ThreadFlows []sarifThreadFlow `json:"threadFlows"`
	}
	sarifThreadFlow struct {
		ID        string                    `json:"id"`
		Message   *sarifText                `json:"message,omitempty"`
		Locations []sarifThreadFlowLocation `json:"locations"`
	}
	sarifThreadFlowLocation struct {
		Location       sarifLocation `json:"location"`
		ExecutionOrder int           `json:"executionOrder"`
	}
)

// sarifTrace returns the diagnostic's related sites without its trace
// steps, and the trace as a code flow (nil without one).
func sarifTrace(d diagnostic, cwd string) ([]jsonRelated, []sarifCodeFlow) {
	sites, steps := splitTrace(d.Related)
	if len(steps) == 0 {
		return sites, nil
	}
	var flows []sarifThreadFlow
	index := make(map[int]int) // goroutine → its thread flow
	for _, s := range steps {
		i, ok := index[s.G]
		if !ok {
			i = len(flows)
			index[s.G] = i
			flows = append(flows, sarifThreadFlow{
				ID:      fmt.Sprintf("G%d", s.G),
				Message: &sarifText{fmt.Sprintf("goroutine G%d: %s", s.G, s.Name)},
			})
		}
		loc := sarifLocationOf(s.Posn, "", cwd)
		loc.Message = &sarifText{fmt.Sprintf("G%d %s", s.G, s.Text)}
		flows[i].Locations = append(flows[i].Locations, sarifThreadFlowLocation{Location: loc, ExecutionOrder: s.Step})
	}
	msg := "the schedule that leads to the deadlock"
	if n := steps[0].Steps; steps[0].Step > 1 {
		msg = fmt.Sprintf("the last %d of %d steps of the schedule that leads to the deadlock", len(steps), n)
	}
	return sites, []sarifCodeFlow{{Message: &sarifText{msg}, ThreadFlows: flows}}
}
