// Package analyzers is the conclint suite: conclint's own analyzers and the
// concurrency checks bundled from go vet and staticcheck, in one ordered
// list with the policy for each (where it comes from, whether it runs by
// default).
//
// Drivers (cmd/conclint, the golangci-lint plugin) take their analyzers from
// Suite and nowhere else, so every driver runs the same set.
package analyzers

//go:generate go run ../internal/cmd/gendocs -root ..

import (
	"unicode"
	"unicode/utf8"

	"github.com/conclint/conclint/analyzers/capturerace"
	"github.com/conclint/conclint/analyzers/chanclose"
	"github.com/conclint/conclint/analyzers/chanlock"
	"github.com/conclint/conclint/analyzers/doublelock"
	"github.com/conclint/conclint/analyzers/goroutineleak"
	"github.com/conclint/conclint/analyzers/guardedby"
	"github.com/conclint/conclint/analyzers/lockorder"
	"github.com/conclint/conclint/analyzers/missingunlock"
	"github.com/conclint/conclint/analyzers/sleepsync"
	"github.com/conclint/conclint/analyzers/unboundedgo"
	"github.com/conclint/conclint/internal/isolate"
	"github.com/conclint/conclint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/atomic"
	"golang.org/x/tools/go/analysis/passes/copylock"
	"golang.org/x/tools/go/analysis/passes/lostcancel"
	"golang.org/x/tools/go/analysis/passes/testinggoroutine"
	"golang.org/x/tools/go/analysis/passes/waitgroup"
	"honnef.co/go/tools/staticcheck/sa1015"
	"honnef.co/go/tools/staticcheck/sa1017"
	"honnef.co/go/tools/staticcheck/sa2000"
	"honnef.co/go/tools/staticcheck/sa2001"
	"honnef.co/go/tools/staticcheck/sa2002"
	"honnef.co/go/tools/staticcheck/sa2003"
	"honnef.co/go/tools/staticcheck/sa5002"
	"honnef.co/go/tools/staticcheck/sa5004"
)

// Origin says where an analyzer comes from.
type Origin string

const (
	Own         Origin = "conclint"    // written for conclint, in this module
	Vet         Origin = "go vet"      // golang.org/x/tools/go/analysis/passes
	Staticcheck Origin = "staticcheck" // honnef.co/go/tools/staticcheck
)

// Entry is one analyzer of the suite and its policy.
type Entry struct {
	Analyzer *analysis.Analyzer
	Origin   Origin
	// Default reports whether the analyzer runs when no -NAME flag
	// selects analyzers explicitly. Analyzers whose triage on real code
	// does not yet meet the precision bar ship off by default.
	Default bool
}

// suppression reports malformed //conclint:ignore directives. Its list of
// known names is taken from checkers, not Suite, so that its initializer
// does not refer to itself.
var suppression = suppress.NewAnalyzer(func() []string {
	var names []string
	for _, e := range checkers() {
		names = append(names, e.Analyzer.Name)
	}
	return names
})

// Suite returns the suite in its fixed order: conclint's own analyzers
// first, then the bundled ones. The slice is new on every call.
func Suite() []Entry {
	return append(checkers(), Entry{suppression, Own, true})
}

// checkers is the suite without the suppression analyzer.
func checkers() []Entry {
	return []Entry{
		// conclint's own analyzers.
		{doublelock.Analyzer, Own, true},
		{missingunlock.Analyzer, Own, true},
		{lockorder.Analyzer, Own, true},
		{chanlock.Analyzer, Own, true},
		{guardedby.Analyzer, Own, true},
		{capturerace.Analyzer, Own, true},
		{goroutineleak.Analyzer, Own, true},
		{unboundedgo.Analyzer, Own, true},
		{chanclose.Analyzer, Own, true},
		{sleepsync.Analyzer, Own, true},

		// Bundled from go vet.
		{copylock.Analyzer, Vet, true},
		{lostcancel.Analyzer, Vet, true},
		{waitgroup.Analyzer, Vet, true},
		{testinggoroutine.Analyzer, Vet, true},
		{atomic.Analyzer, Vet, true},

		// Bundled from staticcheck.
		{sa2000Analyzer, Staticcheck, true}, // WaitGroup.Add inside the goroutine
		{sa2001Analyzer, Staticcheck, true}, // empty critical section
		{sa2002Analyzer, Staticcheck, true}, // t.FailNow from a goroutine
		{sa2003Analyzer, Staticcheck, true}, // deferred Lock right after Lock
		{sa1015Analyzer, Staticcheck, true}, // time.Tick leak
		{sa1017Analyzer, Staticcheck, true}, // unbuffered channel for os/signal
		{sa5002Analyzer, Staticcheck, true}, // empty for loop spins
		{sa5004Analyzer, Staticcheck, true}, // for { select { default: } } spins
	}
}

// The staticcheck analyzers, with their Doc titles lowercased to match the
// house style of every other analyzer's title (the SARIF rules and the
// generated tables show them side by side), and those that read
// staticcheck's IR building it only for packages that can contain their
// bug (lazyir.go). Set once at initialization.
var (
	sa2000Analyzer = lowerTitle(sa2000.Analyzer)
	sa2001Analyzer = withLockSite(lowerTitle(sa2001.Analyzer))
	sa2002Analyzer = irGated(sa2002.Analyzer)
	sa2003Analyzer = irGated(sa2003.Analyzer)
	sa1015Analyzer = irGated(sa1015.Analyzer)
	sa1017Analyzer = irGated(sa1017.Analyzer)
	sa5002Analyzer = lowerTitle(sa5002.Analyzer)
	sa5004Analyzer = lowerTitle(sa5004.Analyzer)
)

// lowerTitle returns a copy of a with the first letter of its Doc
// lowercased. The copy shares Run, Requires, Flags and facts with a.
func lowerTitle(a *analysis.Analyzer) *analysis.Analyzer {
	c := *a
	if r, size := utf8.DecodeRuneInString(c.Doc); unicode.IsUpper(r) {
		c.Doc = string(unicode.ToLower(r)) + c.Doc[size:]
	}
	return &c
}

// Analyzers returns the analyzers of the suite, in order.
func Analyzers() []*analysis.Analyzer {
	var out []*analysis.Analyzer
	for _, e := range Suite() {
		out = append(out, e.Analyzer)
	}
	return out
}

// Driver returns the analyzers of the suite prepared for a driver: each is
// an isolated clone (a panic becomes an error naming the analyzer and the
// package; the other analyzers' reports survive) whose reports pass through
// the //conclint:ignore filter. Drivers run these, never the raw ones.
func Driver() []*analysis.Analyzer {
	return isolate.Wrap(Analyzers(), suppress.Filter)
}

// DefaultOff returns the names of the analyzers that do not run unless
// selected explicitly.
func DefaultOff() []string {
	var names []string
	for _, e := range Suite() {
		if !e.Default {
			names = append(names, e.Analyzer.Name)
		}
	}
	return names
}
