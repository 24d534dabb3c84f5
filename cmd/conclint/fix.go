package main

import (
	"bytes"
	"fmt"
	"go/format"
	"io"
	"os"
	"path/filepath"
	"sort"

	udiff "github.com/aymanbagabas/go-udiff"
)

// fixResult is what the suggested fixes of a run change.
type fixResult struct {
	files   []fixedFile  // sorted by name
	fixed   []bool       // per diagnostic: its fix is in files
	skipped []diagnostic // fixes left out: they overlap another fix
}

type fixedFile struct {
	name     string
	old, new []byte
}

// planFixes takes the first suggested fix of each diagnostic (the ones
// reported: suppressed, baselined and dependency diagnostics never reach
// here) and computes the files they produce. A fix whose edits overlap an
// edit already taken is left out whole; an edit identical to one already
// taken is taken once. A file that was gofmt-formatted is formatted again.
func planFixes(diags []diagnostic) (*fixResult, error) {
	res := &fixResult{fixed: make([]bool, len(diags))}
	taken := make(map[string][]udiff.Edit) // file -> edits taken
	for i, d := range diags {
		if len(d.Fixes) == 0 {
			continue
		}
		fix := d.Fixes[0]
		add := make(map[string][]udiff.Edit)
		ok := true
		for _, e := range fix.Edits {
			edit := udiff.Edit{Start: e.Start, End: e.End, New: e.New}
			dup := false
			for _, t := range taken[e.Filename] {
				if t == edit {
					dup = true
				} else if overlap(t, edit) {
					ok = false
				}
			}
			if !dup {
				add[e.Filename] = append(add[e.Filename], edit)
			}
		}
		if !ok {
			res.skipped = append(res.skipped, d)
			continue
		}
		for f, es := range add {
			taken[f] = append(taken[f], es...)
		}
		res.fixed[i] = true
	}
	names := make([]string, 0, len(taken))
	for f := range taken {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, name := range names {
		old, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		edits := taken[name]
		udiff.SortEdits(edits)
		out, err := udiff.ApplyBytes(old, edits)
		if err != nil {
			return nil, fmt.Errorf("fixes for %s: %w", name, err)
		}
		if formatted, err := format.Source(old); err == nil && bytes.Equal(formatted, old) {
			if f, err := format.Source(out); err == nil {
				out = f
			}
		}
		if !bytes.Equal(old, out) {
			res.files = append(res.files, fixedFile{name, old, out})
		}
	}
	return res, nil
}

// overlap reports whether two edits touch the same bytes. Two insertions
// at one offset overlap too: their order would be arbitrary.
func overlap(a, b udiff.Edit) bool {
	if a.Start == a.End && b.Start == b.End {
		return a.Start == b.Start
	}
	return a.Start < b.End && b.Start < a.End || a.Start == b.Start
}

// write writes the fixed files.
func (r *fixResult) write() error {
	for _, f := range r.files {
		info, err := os.Stat(f.name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(f.name, f.new, info.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}

// diff prints the fixes as a unified diff, paths relative to cwd.
func (r *fixResult) diff(w io.Writer, cwd string) error {
	for _, f := range r.files {
		name := filepath.ToSlash(relPath(f.name, cwd))
		if _, err := io.WriteString(w, udiff.Unified("a/"+name, "b/"+name, string(f.old), string(f.new))); err != nil {
			return err
		}
	}
	return nil
}
