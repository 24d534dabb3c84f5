package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// A baseline file records the findings of one run so that later runs
// report only new ones: the way to adopt conclint on a large existing code
// base without fixing everything first. Findings are matched by their
// fingerprint (fingerprints), which survives edits elsewhere in the file,
// and counted: two identical findings in the baseline hide two.
type baselineFile struct {
	Comment  string          `json:"comment"`
	Findings []baselineEntry `json:"findings"`
}

// baselineEntry is one finding; only the fingerprint is matched, the rest
// is there for the humans who review the file.
type baselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Analyzer    string `json:"analyzer"`
	File        string `json:"file"`
	Line        int    `json:"line"`
	Message     string `json:"message"`
}

const baselineComment = "conclint baseline: findings known when it was written; conclint -baseline=FILE reports only the others. Delete the file and rerun to write a new one."

// applyBaseline filters diags through the baseline at path. When path does
// not exist it writes diags there and returns none, so the first run with
// a baseline succeeds. It tells stderr what it did.
func applyBaseline(path string, diags []diagnostic, cwd string, stderr io.Writer) ([]diagnostic, error) {
	fps := fingerprints(diags, cwd)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		b := baselineFile{Comment: baselineComment, Findings: []baselineEntry{}}
		for i, d := range diags {
			p := parsePosn(d.Posn)
			b.Findings = append(b.Findings, baselineEntry{fps[i], d.Analyzer, filepath.ToSlash(relPath(p.file, cwd)), p.line, d.Message})
		}
		sort.SliceStable(b.Findings, func(i, j int) bool {
			x, y := b.Findings[i], b.Findings[j]
			if x.File != y.File {
				return x.File < y.File
			}
			return x.Line < y.Line
		})
		out, err := json.MarshalIndent(b, "", "  ")
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, append(out, '\n'), 0o644); err != nil {
			return nil, err
		}
		fmt.Fprintf(stderr, "conclint: wrote baseline %s with %d findings; later runs with -baseline=%s report only new ones\n", path, len(diags), path)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var b baselineFile
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	left := make(map[string]int)
	for _, e := range b.Findings {
		left[e.Fingerprint]++
	}
	var kept []diagnostic
	hidden := 0
	for i, d := range diags {
		if left[fps[i]] > 0 {
			left[fps[i]]--
			hidden++
			continue
		}
		kept = append(kept, d)
	}
	if hidden > 0 {
		fmt.Fprintf(stderr, "conclint: %d findings suppressed by baseline %s\n", hidden, path)
	}
	gone := 0
	for _, n := range left {
		gone += n
	}
	if gone > 0 {
		fmt.Fprintf(stderr, "conclint: %d findings of baseline %s are gone (fixed or moved to another function); delete it and rerun to shrink it\n", gone, path)
	}
	return kept, nil
}
