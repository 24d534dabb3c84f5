// Package isolate keeps a bug in one analyzer from losing the others'
// results.
//
// A panic inside an analysis.Analyzer's Run kills the whole driver process
// (unitchecker runs all of a package's analyzers in one process), so every
// report of every other analyzer on that package would be lost. Wrap clones
// the analyzer graph — roots and every prerequisite, such as buildssa —
// and gives each clone a Run that turns a panic into an error naming the
// analyzer, the package and the panic site. The driver then reports that
// error for the failed analyzer (and "failed prerequisite" for the ones
// that needed its result) and prints everyone else's diagnostics.
//
// Upstream code looks its prerequisites up by their original pointers
// (pass.ResultOf[inspect.Analyzer]), so each clone runs the original Run on
// a copy of the Pass whose ResultOf is keyed by the originals again.
package isolate

import (
	"fmt"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/internal/factsonly"
)

// Hook, when non-nil, runs around each root analyzer's Run; it must call
// run(pass) (possibly with a modified pass) and return its results. It is
// how suppression is layered on the roots.
type Hook func(pass *analysis.Pass, run func(*analysis.Pass) (any, error)) (any, error)

// Wrap returns isolated clones of roots, in order. Prerequisites shared by
// several roots are cloned once.
func Wrap(roots []*analysis.Analyzer, hook Hook) []*analysis.Analyzer {
	return wrap(roots, hook, nil)
}

// WrapFactsOnly is Wrap for a package analysed only for its facts: every
// clone, prerequisites included, runs on a pass that factsonly.Is reports
// as facts-only.
func WrapFactsOnly(roots []*analysis.Analyzer, hook Hook) []*analysis.Analyzer {
	return wrap(roots, hook, factsonly.Mark)
}

// WrapUnread is Wrap for a package no other package imports: every clone
// runs on a pass that factsonly.Unread reports as such.
func WrapUnread(roots []*analysis.Analyzer, hook Hook) []*analysis.Analyzer {
	return wrap(roots, hook, factsonly.MarkUnread)
}

func wrap(roots []*analysis.Analyzer, hook Hook, mark func(*analysis.Pass) *analysis.Pass) []*analysis.Analyzer {
	w := &wrapper{clones: make(map[*analysis.Analyzer]*analysis.Analyzer), hook: hook, mark: mark}
	out := make([]*analysis.Analyzer, len(roots))
	for i, a := range roots {
		out[i] = w.clone(a, true)
	}
	return out
}

type wrapper struct {
	clones map[*analysis.Analyzer]*analysis.Analyzer // original -> clone
	hook   Hook
	mark   func(*analysis.Pass) *analysis.Pass // marks every pass (factsonly), or nil
}

func (w *wrapper) clone(orig *analysis.Analyzer, root bool) *analysis.Analyzer {
	if c, ok := w.clones[orig]; ok && !root {
		return c
	}
	c := new(analysis.Analyzer)
	*c = *orig
	if !root {
		w.clones[orig] = c
	}
	c.Requires = make([]*analysis.Analyzer, len(orig.Requires))
	origOf := make(map[*analysis.Analyzer]*analysis.Analyzer, len(orig.Requires))
	for i, req := range orig.Requires {
		rc := w.clone(req, false)
		c.Requires[i] = rc
		origOf[rc] = req
	}
	hook := w.hook
	if !root {
		hook = nil
	}
	mark := w.mark
	c.Run = func(pass *analysis.Pass) (res any, err error) {
		if mark != nil {
			pass = mark(pass)
		}
		inner := *pass
		inner.Analyzer = orig
		inner.ResultOf = make(map[*analysis.Analyzer]any, len(pass.ResultOf))
		for k, v := range pass.ResultOf {
			if o, ok := origOf[k]; ok {
				k = o
			}
			inner.ResultOf[k] = v
		}
		defer func() {
			if r := recover(); r != nil {
				res, err = nil, panicError(orig.Name, pass, r, debug.Stack())
			}
		}()
		if hook != nil {
			return hook(&inner, orig.Run)
		}
		return orig.Run(&inner)
	}
	return c
}

// panicError describes a recovered panic: analyzer, package, value and the
// innermost frame of the stack that is not the runtime's or this package's.
func panicError(name string, pass *analysis.Pass, r any, stack []byte) error {
	pkg := "?"
	if pass.Pkg != nil {
		pkg = pass.Pkg.Path()
	}
	return fmt.Errorf("internal error: analyzer %s panicked on package %s: %v (at %s); please report it", name, pkg, r, panicSite(stack))
}

// panicSite picks "file:line" of the frame that panicked out of a stack
// printed by runtime/debug.Stack.
func panicSite(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	// Frames come in pairs: "pkg.func(...)" then "\tfile:line +0x..".
	// Skip everything up to and including the runtime's panic frame.
	start := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") {
			start = i + 2
		}
	}
	for i := start; i+1 < len(lines); i += 2 {
		fn, loc := lines[i], strings.TrimSpace(lines[i+1])
		if strings.HasPrefix(fn, "runtime.") {
			continue
		}
		if j := strings.LastIndex(loc, " +0x"); j >= 0 {
			loc = loc[:j]
		}
		return loc
	}
	return "unknown"
}
